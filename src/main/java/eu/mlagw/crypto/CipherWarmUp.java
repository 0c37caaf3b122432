package eu.mlagw.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JIT to compile the JDK's AES-GCM, AES-CTR and SHA-256 fast paths before real work.
 *
 * <p>Why: HotSpot compiles these (and swaps in the AES-NI/CLMUL/SHA intrinsics) only after enough
 * <em>calls</em>; with the large buffers of bulk streaming that takes hundreds of MB, and until then
 * GCM encryption runs at ~40 MB/s instead of ~2 GB/s (measured here: the first 64 MiB of a fresh JVM
 * at 40 MB/s). Many small calls trigger compilation within ~0.5 s. Runs once per JVM; thread-safe.
 */
public final class CipherWarmUp {
  private static final int CALL_SIZE = 1024;
  private static final int GCM_CALLS = 32 * 1024;
  private static final int OTHER_CALLS = 16 * 1024;
  private static volatile boolean warm;

  private CipherWarmUp() {}

  /** Runs the warm-up once (about half a second); later calls return at once. */
  public static void ensureWarm() {
    if (warm) {
      return;
    }
    synchronized (CipherWarmUp.class) {
      if (warm) {
        return;
      }
      try {
        byte[] in = new byte[CALL_SIZE];
        byte[] out = new byte[CALL_SIZE + 32];
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
        for (int i = 0; i < GCM_CALLS; i++) {
          gcm.update(in, 0, CALL_SIZE, out, 0);
        }
        gcm.doFinal();
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
        ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(new byte[16]));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < OTHER_CALLS; i++) {
          ctr.update(in, 0, CALL_SIZE, out, 0);
          sha.update(in, 0, CALL_SIZE);
        }
        sha.digest();
      } catch (GeneralSecurityException e) {
        // The JDK always has these; without them the slow path still works, so do not fail.
      }
      warm = true;
    }
  }
}
