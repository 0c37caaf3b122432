package eu.mlagw.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of a growing Merkle tree computed while leaves stream past, holding only the right
 * edge: one hash per set bit of the size (at most 64), never the leaves. {@link #root()} equals
 * RFC 9162's MTH over all leaf hashes appended so far, so a log of any length is verified in
 * O(log n) memory. Not thread-safe.
 */
public final class CompactRange {
  private final MerkleHashes hashes;
  /** Roots of perfect subtrees, largest (leftmost) first; sizes are the set bits of {@link #size}. */
  private final List<byte[]> edge = new ArrayList<>();
  private long size;

  public CompactRange(MerkleHashes hashes) {
    this.hashes = hashes;
  }

  public CompactRange() {
    this(new MerkleHashes());
  }

  /** Number of leaves appended. */
  public long size() {
    return size;
  }

  /** Appends the hash of the leaf bytes ({@code leaf}, not yet hashed). */
  public void appendLeaf(byte[] leaf) {
    appendHash(hashes.leaf(leaf));
  }

  /** Appends an already computed leaf hash. */
  public void appendHash(byte[] leafHash) {
    byte[] carry = leafHash;
    // Each trailing 1 bit of size is a perfect subtree of the same height as carry: merge them.
    for (long s = size; (s & 1) == 1; s >>>= 1) {
      carry = hashes.node(edge.remove(edge.size() - 1), carry);
    }
    edge.add(carry);
    size++;
  }

  /** MTH of all leaves so far (the empty-tree hash when none). */
  public byte[] root() {
    if (edge.isEmpty()) {
      return MerkleHashes.emptyRoot();
    }
    byte[] acc = edge.get(edge.size() - 1);
    for (int i = edge.size() - 2; i >= 0; i--) {
      acc = hashes.node(edge.get(i), acc);
    }
    return acc;
  }
}
