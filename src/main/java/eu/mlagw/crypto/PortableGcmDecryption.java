package eu.mlagw.crypto;

import java.security.GeneralSecurityException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Bouncy Castle's streaming GCM (~110 MB/s) for parameters the fast path does not cover (nonces
 * other than 96 bits). Same contract as {@link FastGcmDecryption}. Not thread-safe.
 */
final class PortableGcmDecryption implements GcmDecryption {
  private final GCMModeCipher gcm;
  private byte[] scratch = new byte[0];
  private long pending;

  PortableGcmDecryption(byte[] key, byte[] nonce, int tagLength) {
    this.gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(false, new AEADParameters(new KeyParameter(key), tagLength * 8, nonce));
  }

  @Override
  public int update(byte[] in, int off, int len, byte[] out, int outOff) throws GeneralSecurityException {
    // BC holds back the last tag-length bytes (it expects the tag appended to the ciphertext); they
    // are released by finish once the tag has been fed in.
    if (scratch.length < len + 32) {
      scratch = new byte[len + 32];
    }
    int n = gcm.processBytes(in, off, len, scratch, 0);
    System.arraycopy(scratch, 0, out, outOff, n);
    pending += len - n;
    return n;
  }

  @Override
  public byte[] finish(byte[] expectedTag) throws GeneralSecurityException {
    byte[] out = new byte[(int) pending + expectedTag.length + 32];
    int n = gcm.processBytes(expectedTag, 0, expectedTag.length, out, 0);
    try {
      n += gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new javax.crypto.AEADBadTagException("GCM tag mismatch");
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
