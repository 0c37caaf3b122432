package eu.mlagw.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the tree of {@code second} leaves with root {@code secondRoot} extends the tree of
 * {@code first} leaves with root {@code firstRoot} (nothing of the first was changed, removed or
 * reordered), by the algorithm of RFC 9162 §2.1.4.2. This is how a holder of an old checkpoint
 * detects a rolled-back or forked log without reading it. Thread-safe (stateless).
 */
public final class ConsistencyProofVerifier {
  /** @throws ProofVerificationException if the proof does not show that second extends first */
  public void verify(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof)
      throws ProofVerificationException {
    if (first < 0 || second < first) {
      throw new ProofVerificationException("tree size " + second + " cannot extend tree size " + first
          + " (the log was rolled back)", null, null);
    }
    if (first == second) {
      if (!proof.isEmpty()) {
        throw new ProofVerificationException("a consistency proof between equal sizes must be empty", null, null);
      }
      if (!MessageDigest.isEqual(firstRoot, secondRoot)) {
        throw new ProofVerificationException("two checkpoints of size " + first + " have different roots (a fork)",
            firstRoot, secondRoot);
      }
      return;
    }
    if (first == 0) {
      if (!proof.isEmpty()) {
        throw new ProofVerificationException("a consistency proof from the empty tree must be empty", null, null);
      }
      return;
    }
    List<byte[]> path = new ArrayList<>(proof);
    if (Long.bitCount(first) == 1) {
      path.add(0, firstRoot);
    }
    if (path.isEmpty()) {
      throw new ProofVerificationException("the consistency proof from " + first + " to " + second + " is empty",
          null, null);
    }
    MerkleHashes hashes = new MerkleHashes();
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw new ProofVerificationException("the consistency proof from " + first + " to " + second
            + " is too long", null, null);
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = hashes.node(c, fr);
        sr = hashes.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = hashes.node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofVerificationException("the consistency proof from " + first + " to " + second
          + " is too short", null, null);
    }
    if (!MessageDigest.isEqual(fr, firstRoot)) {
      throw new ProofVerificationException("the log of size " + second + " does not contain the signed tree of size "
          + first, firstRoot, fr);
    }
    if (!MessageDigest.isEqual(sr, secondRoot)) {
      throw new ProofVerificationException("the consistency proof does not lead to the root of size " + second,
          secondRoot, sr);
    }
  }
}
