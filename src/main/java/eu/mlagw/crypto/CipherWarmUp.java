package eu.mlagw.crypto;

import java.io.OutputStream;
import java.security.GeneralSecurityException;

/**
 * Gets the JIT to compile the JDK's AES-GCM, AES-CTR and SHA-256 fast paths before bulk work.
 *
 * <p>Why: HotSpot swaps in the AES-NI/CLMUL/SHA intrinsics only once the calling methods are
 * C2-compiled. Until then GCM runs its Java GHASH at ~40 MB/s instead of ~2 GB/s (measured here:
 * the first 64 MiB of a fresh JVM at 40 MB/s). Compilation is triggered by calls and finishes in
 * the background, so this warm-up drives {@link JdkGcmEncryptor} and {@link FastGcmDecryption} —
 * which slice their work into {@link JdkGcmEncryptor#CALL_SIZE}-byte cipher calls — with calls of
 * exactly that size (many cheap calls reach the compile thresholds soonest), in rounds of 2 MiB,
 * until both run at compiled speed twice in a row or {@link #MAX_NANOS} passes.
 * Runs once per JVM; thread-safe.
 */
public final class CipherWarmUp {
  private static final int ROUND = 2 << 20;
  private static final int BLOCK = JdkGcmEncryptor.CALL_SIZE;
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  /** 1 GB/s: compiled GCM runs at ~2 GB/s here, interpreted or C1-compiled below 0.3 GB/s. */
  private static final double FAST_BYTES_PER_NANO = 1.0;
  private static final long MAX_NANOS = 1_500_000_000L;
  private static volatile boolean warm;
  private static final int RECORDS = 8_000;
  private static final long MAX_RECORD_NANOS = 500_000_000L;

  private CipherWarmUp() {}

  /**
   * TLS 1.3 protects each record with its own AES-GCM init + doFinal on ByteBuffers (a different
   * entry into the JDK's GCM than our packages' byte arrays). Many small records get those methods
   * compiled, so that peer transfers run at ~0.8-1 GB/s instead of ~10-40 MB/s for their first
   * tens of megabytes (measured here).
   */
  private static void warmRecordPath(boolean direct) throws GeneralSecurityException {
    javax.crypto.Cipher enc = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    javax.crypto.Cipher dec = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");
    int record = 1024;
    java.nio.ByteBuffer in = direct ? java.nio.ByteBuffer.allocateDirect(record) : java.nio.ByteBuffer.allocate(record);
    java.nio.ByteBuffer sealed = direct ? java.nio.ByteBuffer.allocateDirect(record + 16)
        : java.nio.ByteBuffer.allocate(record + 16);
    java.nio.ByteBuffer out = direct ? java.nio.ByteBuffer.allocateDirect(record + 16)
        : java.nio.ByteBuffer.allocate(record + 16);
    byte[] iv = new byte[12];
    long start = System.nanoTime();
    for (int i = 0; i < RECORDS && System.nanoTime() - start < MAX_RECORD_NANOS; i++) {
      iv[0] = (byte) i;
      iv[1] = (byte) (i >> 8);
      iv[2] = (byte) (i >> 16);
      enc.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
      in.clear();
      sealed.clear();
      enc.doFinal(in, sealed);
      sealed.flip();
      out.clear();
      dec.init(javax.crypto.Cipher.DECRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
      dec.doFinal(sealed, out);
    }
  }

  /** Runs the warm-up once (package paths, then the TLS record path); later calls return at once. */
  public static void ensureWarm() {
    if (warm) {
      return;
    }
    synchronized (CipherWarmUp.class) {
      if (warm) {
        return;
      }
      try {
        warmPackagePaths(() -> false);
        warmRecordPath(true);
        warmRecordPath(false);
      } catch (GeneralSecurityException | java.io.IOException e) {
        // The JDK always has these ciphers; without a warm-up the slow path still works.
      }
      warm = true;
    }
  }

  /**
   * Starts warming the package paths (AES-GCM both ways, SHA-256; not the TLS record path) on a
   * daemon thread and returns at once. For a one-shot command: while the calling thread loads
   * configuration and keys (single-threaded class loading, ~1 s), the other core gets the bulk
   * paths compiled. {@link Background#stop()} ends it early — call it when the bulk work starts, so
   * the warm-up does not compete with it for the cores.
   */
  public static Background startInBackground() {
    Background background = new Background();
    Thread thread = new Thread(() -> {
      try {
        warmPackagePaths(() -> background.stopped);
      } catch (GeneralSecurityException | java.io.IOException e) {
        // as in ensureWarm: the slow path still works
      }
    }, "mlagw-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
    return background;
  }

  /** Handle on a background warm-up; stopping is idempotent and thread-safe. */
  public static final class Background {
    private volatile boolean stopped;

    private Background() {}

    /** Asks the warm-up to end after its current 2 MiB round (at most a few milliseconds once compiled). */
    public void stop() {
      stopped = true;
    }
  }

  private static void warmPackagePaths(java.util.function.BooleanSupplier stop)
      throws GeneralSecurityException, java.io.IOException {
    // Drive the very methods bulk work uses (not a loop of our own around Cipher.update: once
    // such a loop is compiled with the cipher inlined into it, the cipher's own methods stop
    // counting calls and are never compiled for anyone else).
    byte[] block = new byte[BLOCK];
    byte[] plain = new byte[BLOCK];
    OutputStream sink = OutputStream.nullOutputStream();
    java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
    long start = System.nanoTime();
    int fastRounds = 0;
    while (fastRounds < 2 && System.nanoTime() - start < MAX_NANOS && !stop.getAsBoolean()) {
      JdkGcmEncryptor encryptor = new JdkGcmEncryptor(RANDOM);
      FastGcmDecryption decryption = new FastGcmDecryption(new byte[32], new byte[12], 16);
      long t0 = System.nanoTime();
      try (OutputStream enc = encryptor.getOutputStream(sink)) {
        for (int i = 0; i < ROUND; i += BLOCK) {
          enc.write(block, 0, BLOCK);
        }
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < ROUND; i += BLOCK) {
        decryption.update(block, 0, BLOCK, plain, 0);
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < ROUND; i += BLOCK) {
        sha256.update(block, 0, BLOCK);
      }
      long t3 = System.nanoTime();
      boolean fast = ROUND / (double) (t1 - t0) >= FAST_BYTES_PER_NANO
          && ROUND / (double) (t2 - t1) >= FAST_BYTES_PER_NANO / 2
          && ROUND / (double) (t3 - t2) >= FAST_BYTES_PER_NANO / 2;
      fastRounds = fast ? fastRounds + 1 : 0;
    }
  }
}
