package eu.mlagw.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 (Certificate Transparency 2.0, §2.1.1) hashing with SHA-256 and domain separation:
 * leaf hash = SHA-256(0x00 || leaf bytes), node hash = SHA-256(0x01 || left || right), and the
 * root of the empty tree = SHA-256() (no input). Hashes are 32-byte arrays the caller owns.
 *
 * <p>An instance reuses one {@link MessageDigest} and is therefore NOT thread-safe: use one per
 * thread. The static methods make a fresh digest per call.
 */
public final class MerkleHashes {
  /** Length in bytes of every hash here. */
  public static final int SIZE = 32;
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private final MessageDigest sha256;

  public MerkleHashes() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** SHA-256(0x00 || leaf). */
  public byte[] leaf(byte[] leaf) {
    sha256.update(LEAF_PREFIX);
    return sha256.digest(leaf);
  }

  /** SHA-256(0x01 || left || right). */
  public byte[] node(byte[] left, byte[] right) {
    sha256.update(NODE_PREFIX);
    sha256.update(left);
    return sha256.digest(right);
  }

  /** The root hash of the empty tree: SHA-256 of no input. */
  public static byte[] emptyRoot() {
    return new MerkleHashes().sha256.digest();
  }

  /** Leaf hash with a fresh digest (thread-safe, slower in loops). */
  public static byte[] leafHash(byte[] leaf) {
    return new MerkleHashes().leaf(leaf);
  }

  /** Lower-case hex of {@code hash}. */
  public static String hex(byte[] hash) {
    return java.util.HexFormat.of().formatHex(hash);
  }

  /**
   * The hash encoded by {@code hex}.
   *
   * @throws IllegalArgumentException unless {@code hex} is exactly 64 hex digits
   */
  public static byte[] fromHex(String hex) {
    if (hex == null || hex.length() != 2 * SIZE) {
      throw new IllegalArgumentException("a SHA-256 hash is 64 hex digits, got "
          + (hex == null ? "nothing" : hex.length() + " characters"));
    }
    return java.util.HexFormat.of().parseHex(hex);
  }

  /** The largest power of two strictly smaller than {@code n} (n >= 2): RFC 9162's split point k. */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }
}
