package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.EnvelopeOutputStream;
import eu.mlagw.testing.PackageFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals and opens one large document in a JVM whose heap is capped at 256 MB (surefire execution
 * "low-heap"). The size comes from -Dmlagw.lowheap.bytes (pom default 160m, several envelope
 * segments); pass e.g. 2300m to prove a package above 2 GiB:
 * {@code mvn test-compile surefire:test@low-heap -Dmlagw.lowheap.bytes=2300m}.
 */
@Tag("low-heap")
class LowHeapPackageTest {
  @TempDir Path dir;

  @Test
  void sealsAndOpensALargeDocumentWithABoundedHeap() throws Exception {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(max <= 300L << 20, "this test must run in the low-heap JVM, heap is " + (max >> 20) + " MiB");
    long size = parseSize(System.getProperty("mlagw.lowheap.bytes", "160m"));
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Path document = docs.resolve("phone-extraction.bin");
    byte[] expectedDigest = writePseudoRandom(document, size);
    PackageFixture f = new PackageFixture();
    resetPeaks();

    long t0 = System.nanoTime();
    SealedPackage sealed = new PackageSealer(new DetachedSigner(f.sender.seal()), Clock.systemUTC(), new SecureRandom(),
        EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE).seal(new SealRequest(f.sender.id(), List.of(f.recipient.id()),
            List.of(f.recipient.encryption().certificate()), List.of(DocumentSource.of(document, "phone-extraction.bin")),
            "large evidence"), dir.resolve("large.p7m"), ProgressListener.NONE);
    long t1 = System.nanoTime();
    Files.delete(document); // keep disk use at two copies
    OpenedPackage opened = f.opener().open(sealed.file(), f.recipient.id(), f.recipient.encryption(),
        dir.resolve("opened"), ProgressListener.NONE);
    long t2 = System.nanoTime();

    long expectedSegments = Math.max(1, (size + (EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE - 1))
        / EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE);
    assertTrue(opened.segments() >= expectedSegments, "segments: " + opened.segments());
    Path out = dir.resolve("opened/documents/phone-extraction.bin");
    assertEquals(size, Files.size(out));
    assertArrayEquals(expectedDigest, sha256(out));
    System.out.printf(Locale.ROOT, "low-heap: %d MiB, %d segments, seal %.0f MB/s, open %.0f MB/s, peak heap %d MiB "
            + "(max %d MiB)%n", size >> 20, opened.segments(), size * 1e3 / (t1 - t0),
        size * 1e3 / (t2 - t1), peakHeap() >> 20, max >> 20);
  }

  private static byte[] writePseudoRandom(Path file, long size) throws Exception {
    // Incompressible but cheap: a random 1 MiB block, its first 8 bytes varied per block.
    byte[] block = new byte[1 << 20];
    new SecureRandom().nextBytes(block);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0, i = 0; written < size; i++) {
        for (int b = 0; b < 8; b++) {
          block[b] = (byte) (i >>> (8 * b));
        }
        int n = (int) Math.min(block.length, size - written);
        out.write(block, 0, n);
        sha.update(block, 0, n);
        written += n;
      }
    }
    return sha.digest();
  }

  private static byte[] sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return sha.digest();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
    return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
  }
}
