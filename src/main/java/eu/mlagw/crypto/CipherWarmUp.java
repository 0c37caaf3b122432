package eu.mlagw.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JIT to compile the JDK's AES-GCM, AES-CTR and SHA-256 fast paths before bulk work.
 *
 * <p>Why: HotSpot swaps in the AES-NI/CLMUL/SHA intrinsics only once the calling methods are
 * C2-compiled. Until then GCM runs its Java GHASH at ~40 MB/s instead of ~2 GB/s (measured here:
 * the first 64 MiB of a fresh JVM at 40 MB/s). Compilation is triggered by the number of
 * <em>calls</em> and finishes in the background, so this warm-up makes {@link #CALL_SIZE}-byte calls
 * (the same size the bulk code uses, see {@link JdkGcmEncryptor} and {@link FastGcmDecryption}) in
 * rounds of 1 MiB until a round runs fast, or {@link #MAX_NANOS} passes. Typically 0.5–1 s.
 * Runs once per JVM; thread-safe.
 */
public final class CipherWarmUp {
  /** Bytes per cipher call, in the warm-up and in the bulk code alike. */
  static final int CALL_SIZE = 8192;
  private static final int ROUND = 1 << 20;
  private static final double FAST_ENOUGH_BYTES_PER_NANO = 1.0; // 1 GB/s for GCM + CTR + SHA together
  private static final long MAX_NANOS = 3_000_000_000L;
  private static volatile boolean warm;

  private CipherWarmUp() {}

  /** Runs the warm-up once; later calls return at once. */
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
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
        ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(new byte[16]));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long start = System.nanoTime();
        int fastRounds = 0;
        while (fastRounds < 3 && System.nanoTime() - start < MAX_NANOS) {
          long t0 = System.nanoTime();
          for (int i = 0; i < ROUND; i += CALL_SIZE) {
            gcm.update(in, 0, CALL_SIZE, out, 0);
            ctr.update(in, 0, CALL_SIZE, out, 0);
            sha.update(in, 0, CALL_SIZE);
          }
          boolean fast = ROUND / (double) (System.nanoTime() - t0) >= FAST_ENOUGH_BYTES_PER_NANO / 3;
          fastRounds = fast ? fastRounds + 1 : 0;
        }
        gcm.doFinal();
        sha.digest();
      } catch (GeneralSecurityException e) {
        // The JDK always has these; without them the slow path still works, so do not fail.
      }
      warm = true;
    }
  }
}
