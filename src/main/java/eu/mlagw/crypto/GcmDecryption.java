package eu.mlagw.crypto;

import java.security.GeneralSecurityException;

/**
 * Streaming AES-GCM decryption whose output must be treated as unverified until {@link #finish}
 * returns. Implementations never need the whole ciphertext in memory. Not thread-safe.
 */
interface GcmDecryption {
  /**
   * Decrypts {@code len} ciphertext bytes into {@code out} (which must have room for {@code len}
   * bytes from {@code outOff}); returns how many plaintext bytes were written, at most {@code len}
   * (an implementation may hold a few back until {@link #finish}).
   */
  int update(byte[] in, int off, int len, byte[] out, int outOff) throws GeneralSecurityException;

  /**
   * Checks the tag over all ciphertext passed to {@link #update} and returns any plaintext held back.
   *
   * @throws javax.crypto.AEADBadTagException if the tag does not match (tampered or truncated)
   */
  byte[] finish(byte[] expectedTag) throws GeneralSecurityException;

  /** Picks the fastest implementation valid for these parameters. */
  static GcmDecryption create(byte[] key, byte[] nonce, int tagLength) throws GeneralSecurityException {
    if (nonce.length == FastGcmDecryption.NONCE_LENGTH) {
      return new FastGcmDecryption(key, nonce, tagLength);
    }
    return new PortableGcmDecryption(key, nonce, tagLength);
  }
}
