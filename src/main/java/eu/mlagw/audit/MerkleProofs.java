package eu.mlagw.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds RFC 9162 proofs over a prefix of {@link LeafHashes}: MTH (§2.1.1), inclusion paths
 * (§2.1.3.1) and consistency proofs (§2.1.4.1). Hashes of the large sibling subtrees are
 * remembered, so the proofs for several events of one exchange cost about one pass over the log.
 * Not thread-safe.
 */
public final class MerkleProofs {
  private final LeafHashes leaves;
  private final MerkleHashes hashes = new MerkleHashes();
  private final Map<Range, byte[]> remembered = new HashMap<>();

  private record Range(long from, long to) {}

  public MerkleProofs(LeafHashes leaves) {
    this.leaves = leaves;
  }

  /** MTH over leaves {@code [0, size)}. */
  public byte[] root(long size) {
    checkSize(size);
    return size == 0 ? MerkleHashes.emptyRoot() : subtree(0, size);
  }

  /**
   * The audit path of leaf {@code index} in the tree of the first {@code size} leaves, deepest
   * sibling first (the order RFC 9162 §2.1.3.2 verifies in).
   */
  public List<byte[]> inclusion(long index, long size) {
    checkSize(size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
    }
    List<byte[]> path = new ArrayList<>();
    inclusion(index, 0, size, path);
    return path;
  }

  private void inclusion(long m, long from, long to, List<byte[]> path) {
    long n = to - from;
    if (n == 1) {
      return;
    }
    long k = MerkleHashes.split(n);
    if (m < k) {
      inclusion(m, from, from + k, path);
      path.add(remember(from + k, to));
    } else {
      inclusion(m - k, from + k, to, path);
      path.add(remember(from, from + k));
    }
  }

  /** The consistency proof from the tree of {@code first} leaves to the tree of {@code second}. */
  public List<byte[]> consistency(long first, long second) {
    checkSize(second);
    if (first < 0 || first > second) {
      throw new IllegalArgumentException("no consistency proof from size " + first + " to size " + second);
    }
    List<byte[]> proof = new ArrayList<>();
    if (first > 0 && first < second) {
      subproof(first, 0, second, true, proof);
    }
    return proof;
  }

  private void subproof(long m, long from, long to, boolean whole, List<byte[]> proof) {
    long n = to - from;
    if (m == n) {
      if (!whole) {
        proof.add(remember(from, to));
      }
      return;
    }
    long k = MerkleHashes.split(n);
    if (m <= k) {
      subproof(m, from, from + k, whole, proof);
      proof.add(remember(from + k, to));
    } else {
      subproof(m - k, from + k, to, false, proof);
      proof.add(remember(from, from + k));
    }
  }

  /** Large subtrees recur across proofs of one bundle; small ones are cheaper to recompute. */
  private byte[] remember(long from, long to) {
    if (to - from < 1024) {
      return subtree(from, to);
    }
    if (remembered.size() > 4096) {
      remembered.clear();
    }
    return remembered.computeIfAbsent(new Range(from, to), r -> subtree(r.from(), r.to()));
  }

  private byte[] subtree(long from, long to) {
    long n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    long k = MerkleHashes.split(n);
    return hashes.node(subtree(from, from + k), subtree(from + k, to));
  }

  private void checkSize(long size) {
    if (size < 0 || size > leaves.size()) {
      throw new IllegalArgumentException("tree size " + size + " exceeds the " + leaves.size() + " leaves known");
    }
  }
}
