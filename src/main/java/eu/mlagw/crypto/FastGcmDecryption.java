package eu.mlagw.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM decryption at the speed of the JDK's AES-NI and CLMUL intrinsics, streaming.
 *
 * <p>Why: the JDK's GCM <em>decryption</em> holds all plaintext until the tag is checked (1 GiB needs
 * an 8 GB heap) and Bouncy Castle's streams but runs at ~110 MB/s. The JDK's GCM <em>encryption</em>
 * and AES-CTR both stream at several GB/s. GCM is CTR encryption plus a GHASH tag over the
 * ciphertext, so:
 * <ol>
 *   <li>the plaintext is recovered with AES-CTR starting at counter block {@code nonce || 00000002}
 *       (for a 96-bit nonce GCM's first keystream block is inc32(J0), J0 = nonce || 00000001);</li>
 *   <li>that plaintext is fed to a JDK GCM <em>encryption</em> with the same key and nonce, which
 *       recomputes exactly the original ciphertext and therefore the tag the sender computed;</li>
 *   <li>{@link #finish} compares the two tags in constant time.</li>
 * </ol>
 * Equivalence with standard GCM is tested against published test vectors and against Bouncy
 * Castle's GCM on random inputs. Reusing the nonce for the re-encryption leaks nothing: its output
 * is the ciphertext we already have, and it never leaves this object.
 *
 * <p>Limits: 96-bit nonces only (others use {@link PortableGcmDecryption}); at most 2^31 - 1 bytes
 * per message (a JDK limit; the package format keeps segments far below it). Not thread-safe.
 */
final class FastGcmDecryption implements GcmDecryption {
  static final int NONCE_LENGTH = 12;

  private final Cipher ctr;
  private final Cipher tagRecomputation;
  private final int tagLength;
  private final byte[] scratch = new byte[JdkGcmEncryptor.CALL_SIZE + 32];

  FastGcmDecryption(byte[] key, byte[] nonce, int tagLength) throws GeneralSecurityException {
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("fast GCM needs a 96-bit nonce, got " + nonce.length * 8 + " bits");
    }
    SecretKeySpec aesKey = new SecretKeySpec(key, "AES");
    byte[] counter = new byte[16];
    System.arraycopy(nonce, 0, counter, 0, NONCE_LENGTH);
    counter[15] = 2;
    this.ctr = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
    ctr.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(counter));
    this.tagRecomputation = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    tagRecomputation.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(tagLength * 8, nonce));
    this.tagLength = tagLength;
  }

  @Override
  public int update(byte[] in, int off, int len, byte[] out, int outOff) throws GeneralSecurityException {
    for (int done = 0; done < len; done += JdkGcmEncryptor.CALL_SIZE) {
      int n = Math.min(JdkGcmEncryptor.CALL_SIZE, len - done);
      if (ctr.update(in, off + done, n, out, outOff + done) != n) {
        throw new GeneralSecurityException("AES-CTR returned a short block");
      }
      tagRecomputation.update(out, outOff + done, n, scratch, 0);
    }
    return len;
  }

  @Override
  public byte[] finish(byte[] expectedTag) throws GeneralSecurityException {
    byte[] tail = tagRecomputation.doFinal();
    byte[] tag = java.util.Arrays.copyOfRange(tail, Math.max(0, tail.length - tagLength), tail.length);
    if (expectedTag.length != tagLength || !MessageDigest.isEqual(tag, expectedTag)) {
      throw new AEADBadTagException("GCM tag mismatch");
    }
    return new byte[0];
  }
}
