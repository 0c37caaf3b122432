package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large document pushed through each delivery channel, client and simulator in one JVM whose
 * heap is capped at 256 MB (surefire execution "low-heap"): both sides must stream. The size comes
 * from -Dmlagw.push.lowheap.bytes (default 200m):
 * {@code mvn test-compile surefire:test@low-heap -Dtest=PushStreamingLowHeapTest}.
 */
@Tag("low-heap")
class PushStreamingLowHeapTest {
  @TempDir static Path dir;
  private static PushedExchange exchange;
  private static long size;

  @BeforeAll
  static void largeDocument() throws Exception {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(max <= 300L << 20, "this test must run in the low-heap JVM, heap is " + (max >> 20) + " MiB");
    size = HeapPeaks.parseSize(System.getProperty("mlagw.push.lowheap.bytes", "200m"));
    exchange = PushFixture.agencyExchange(dir, "ex-large", size);
  }

  @Test
  void aLargeDocumentStreamsThroughTheRestChannelWithABoundedHeap() throws Exception {
    PeerFixture f = PeerFixture.shared();
    Path folder = dir.resolve("court");
    HeapPeaks.reset();
    long t0 = System.nanoTime();
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      PushFixture.caseClient(f, f.senderTls)
          .push(new PushEndpoint("COURT-B", system.url(), f.receiverTls.certificate()), exchange);
    }
    report("rest", t0, folder);
  }

  @Test
  void aLargeDocumentStreamsThroughTheSoapChannelWithABoundedHeap() throws Exception {
    PeerFixture f = PeerFixture.shared();
    Path folder = dir.resolve("agency");
    HeapPeaks.reset();
    long t0 = System.nanoTime();
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, folder).start();
        AgencyClient client = PushFixture.agencyClient(f, f.senderTls)) {
      client.push(new PushEndpoint("AGENCY-C", agency.url(), f.receiverTls.certificate()), exchange, List.of("URGENT"));
    }
    report("soap", t0, folder);
  }

  private static void report(String channel, long t0, Path folder) throws Exception {
    long t1 = System.nanoTime();
    PushedDocument d = exchange.documents().get(0);
    Path received = folder.resolve(exchange.exchangeId()).resolve(d.name());
    assertEquals(size, Files.size(received));
    assertEquals(d.sha256Hex(), PushFixture.sha256(received));
    System.out.printf(Locale.ROOT, "push %s low-heap: %d MiB in %.1f s (%.0f MB/s incl. server and client start), "
        + "peak heap %d MiB (max %d MiB)%n", channel, size >> 20, (t1 - t0) / 1e9, size * 1e3 / (t1 - t0),
        HeapPeaks.peak() >> 20, Runtime.getRuntime().maxMemory() >> 20);
  }
}
