package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large package through a real server and client in one JVM whose heap is capped at 256 MB
 * (surefire execution "low-heap"): both sides must stream. The size comes from
 * -Dmlagw.peer.lowheap.bytes (default 200m):
 * {@code mvn test-compile surefire:test@low-heap -Dtest=PeerStreamingLowHeapTest}.
 */
@Tag("low-heap")
class PeerStreamingLowHeapTest {
  @TempDir Path dir;

  @Test
  void twoHundredMegabytesStreamThroughServerAndClientWithABoundedHeap() throws Exception {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(max <= 300L << 20, "this test must run in the low-heap JVM, heap is " + (max >> 20) + " MiB");
    long size = HeapPeaks.parseSize(System.getProperty("mlagw.peer.lowheap.bytes", "200m"));
    PeerFixture f = PeerFixture.shared();
    Path file = dir.resolve("large.p7m");
    PushFixture.writePseudoRandom(file, size, 7);
    TransferMetadata metadata = TransferMetadata.forFile("ex-large", "PO-A", "PO-B", "gw-a", file);
    AtomicReference<String> receivedDigest = new AtomicReference<>();
    PackageReceiver receiver = (m, received, peer) -> {
      receivedDigest.set(sha256(received) + "/" + sizeOf(received));
      return null;
    };
    HeapPeaks.reset();

    long t0 = System.nanoTime();
    TransferReceipt receipt;
    try (PeerServer server = f.server(receiver, Files.createDirectories(dir.resolve("server-tmp"))).start();
        PeerClient client = f.client(f.senderTls)) {
      receipt = client.send(f.endpoint(server), metadata, file);
    }
    long t1 = System.nanoTime();

    assertTrue(receipt.isAccepted(), receipt.toString());
    assertEquals(metadata.packageSha256() + "/" + size, receivedDigest.get());
    System.out.printf(Locale.ROOT, "peer low-heap: %d MiB in %.1f s (%.0f MB/s incl. server and client start), "
        + "peak heap %d MiB (max %d MiB)%n", size >> 20, (t1 - t0) / 1e9, size * 1e3 / (t1 - t0),
        HeapPeaks.peak() >> 20, max >> 20);
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
