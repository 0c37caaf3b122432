package eu.mlagw.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public half of an Ed25519 note key (C2SP signed-note, https://c2sp.org/signed-note), in the
 * verifier key form of the Go sumdb note package: {@code <name>+<hex key id>+<base64(0x01 || public key)>}.
 * The key id is the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key). Immutable,
 * thread-safe. Uses the JDK's EdDSA (no provider needed).
 */
public final class NoteVerifierKey {
  /** The signed-note algorithm byte of Ed25519. */
  static final byte ALG_ED25519 = 0x01;
  /** DER prefix of an X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), before the 32 key bytes. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private final String name;
  private final byte[] publicKey;
  private final byte[] keyId;
  private final PublicKey jcaKey;

  NoteVerifierKey(String name, byte[] publicKey) {
    checkName(name);
    if (publicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + publicKey.length);
    }
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = keyId(name, publicKey);
    try {
      byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
      System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, 32);
      this.jcaKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a verifier key string.
   *
   * @throws IllegalArgumentException saying which part deviates (got X; expected Y)
   */
  public static NoteVerifierKey parse(String vkey) {
    String v = vkey.strip();
    String[] parts = v.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a note verifier key is NAME+KEYID+KEY (3 parts separated by '+'), got "
          + parts.length + " part(s)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key part of the note verifier key is not standard Base64");
    }
    if (key.length != 33 || key[0] != ALG_ED25519) {
      throw new IllegalArgumentException("the key part must be 0x01 (Ed25519) followed by 32 bytes, got "
          + key.length + " bytes starting with " + (key.length == 0 ? "nothing" : String.format("0x%02x", key[0])));
    }
    NoteVerifierKey k = new NoteVerifierKey(parts[0], Arrays.copyOfRange(key, 1, 33));
    if (!HexFormat.of().formatHex(k.keyId).equals(parts[1])) {
      // the given id is not echoed (outside input); it is either wrong or not lower-case hex
      throw new IllegalArgumentException("the key id of the note verifier key does not match: its name and key give "
          + HexFormat.of().formatHex(k.keyId) + " (8 lower-case hex digits)");
    }
    return k;
  }

  /** SHA-256(name || 0x0A || 0x01 || publicKey)[0..4). */
  static byte[] keyId(String name, byte[] publicKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0x0A);
      sha.update(ALG_ED25519);
      sha.update(publicKey);
      return Arrays.copyOf(sha.digest(), 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Key names are non-empty and hold no Unicode space and no '+' (signed-note). */
  static void checkName(String name) {
    if (name.isEmpty() || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c)
        || Character.isSpaceChar(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("a note key name is non-empty, without spaces, control characters and '+'; "
          + "got one of " + name.length() + " characters that is not");
    }
  }

  public String name() {
    return name;
  }

  /** The 4-byte key id. */
  public byte[] keyId() {
    return keyId.clone();
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Whether {@code signature} (64 bytes, without the key id) is this key's Ed25519 signature of {@code text}. */
  boolean verifies(byte[] text, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(jcaKey);
      s.update(text);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The verifier key string {@code <name>+<hex key id>+<base64(0x01 || public key)>}. */
  @Override
  public String toString() {
    byte[] key = new byte[33];
    key[0] = ALG_ED25519;
    System.arraycopy(publicKey, 0, key, 1, 32);
    return name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifierKey k && name.equals(k.name) && Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(publicKey);
  }
}
