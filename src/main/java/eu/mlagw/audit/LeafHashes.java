package eu.mlagw.audit;

/**
 * The leaf hashes of a log prefix, packed 32 bytes each in one array (32 MB per million events),
 * from which {@link MerkleProofs} builds inclusion and consistency proofs. Holds at most
 * {@value #MAX_LEAVES} leaves. Not thread-safe while being filled.
 */
public final class LeafHashes {
  /** The most leaves one array holds (2 GiB / 32 bytes). */
  public static final int MAX_LEAVES = Integer.MAX_VALUE / MerkleHashes.SIZE;
  private byte[] packed;
  private int size;

  public LeafHashes(long expected) {
    if (expected > MAX_LEAVES) {
      throw new IllegalArgumentException("a proof over " + expected + " events needs more than 2 GiB of leaf hashes; "
          + "at most " + MAX_LEAVES + " are supported");
    }
    packed = new byte[(int) Math.max(1, expected) * MerkleHashes.SIZE];
  }

  /** Appends one leaf hash (32 bytes). */
  public void add(byte[] leafHash) {
    if ((size + 1) * MerkleHashes.SIZE > packed.length) {
      if (size >= MAX_LEAVES) {
        throw new IllegalStateException("more than " + MAX_LEAVES + " leaves");
      }
      long grown = Math.min((long) MAX_LEAVES * MerkleHashes.SIZE, (long) packed.length * 2);
      packed = java.util.Arrays.copyOf(packed, (int) grown);
    }
    System.arraycopy(leafHash, 0, packed, size * MerkleHashes.SIZE, MerkleHashes.SIZE);
    size++;
  }

  public int size() {
    return size;
  }

  /** A copy of leaf hash {@code index}. */
  public byte[] get(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("leaf " + index + " of " + size);
    }
    int at = (int) index * MerkleHashes.SIZE;
    return java.util.Arrays.copyOfRange(packed, at, at + MerkleHashes.SIZE);
  }
}
