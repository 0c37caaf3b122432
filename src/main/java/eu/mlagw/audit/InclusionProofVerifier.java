package eu.mlagw.audit;

import java.security.MessageDigest;
import java.util.List;

/**
 * Checks that a leaf hash is the {@code index}-th leaf of the tree of {@code size} leaves whose
 * root is {@code root}, by the algorithm of RFC 9162 §2.1.3.2. Thread-safe (stateless).
 */
public final class InclusionProofVerifier {
  /**
   * @throws ProofVerificationException if the index is outside the tree, the path has the wrong
   *     length for (index, size), or the calculated root differs from {@code root}
   */
  public void verify(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root)
      throws ProofVerificationException {
    if (index < 0 || index >= size) {
      throw new ProofVerificationException("leaf index " + index + " is not inside a tree of size " + size, null, null);
    }
    MerkleHashes hashes = new MerkleHashes();
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        throw new ProofVerificationException("the inclusion path of leaf " + index + " in a tree of size " + size
            + " is too long (" + path.size() + " hashes)", null, null);
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hashes.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = hashes.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ProofVerificationException("the inclusion path of leaf " + index + " in a tree of size " + size
          + " is too short (" + path.size() + " hashes; it was truncated)", null, null);
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw new ProofVerificationException("the inclusion path of leaf " + index + " does not lead to the signed root "
          + "of the tree of size " + size, root, r);
    }
  }
}
