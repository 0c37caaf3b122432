package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.config.ListenerSettings;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer listener against slow and greedy clients, over real TLS on loopback: slow-loris
 * uploads, silent bodies, slow headers, idle connections, and more concurrent requests than one
 * client or the listener may have. Timeouts are configured short so each case takes seconds.
 */
class ListenerLimitsTest {
  /** Cuts quickly: 1 s read timeout and rate window, 2 s idle, at least 1 KiB/s. */
  static final ListenerSettings QUICK_CUTS = new ListenerSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 1024,
      2, 3);
  /** Lets a silent request hold its place for 5 s, to fill the concurrency limits: 2 per client, 3 in all. */
  static final ListenerSettings SMALL_LIMITS = new ListenerSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 0,
      2, 3);
  static PeerFixture f;
  static Credential auditorTls;
  static Credential peerC;
  static Credential peerD;
  static ScheduledExecutorService trickle;
  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    f = PeerFixture.shared();
    auditorTls = f.pki.issuingAuthority().issue(CertificateRole.AUDITOR, "CN=Ana Auditor,OU=auditors",
        KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(365)), List.of());
    peerC = f.pki.issuingAuthority().issue(CertificateRole.TLS, "CN=gw-c", KeyKind.EC_P256,
        TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(365)), List.of());
    peerD = f.pki.issuingAuthority().issue(CertificateRole.TLS, "CN=gw-d", KeyKind.EC_P256,
        TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(365)), List.of());
    trickle = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void tearDown() {
    trickle.shutdownNow();
  }

  private PeerServer.Builder server() throws Exception {
    return f.server((m, p, peer) -> null, Files.createDirectories(dir.resolve("in")))
        .expectedPeers(Map.of("gw-a", f.senderTls.certificate(), "gw-c", peerC.certificate(),
            "gw-d", peerD.certificate()));
  }

  private static int port(PeerServer server) {
    return server.url().getPort();
  }

  /** A real transfer by {@code gateway}; returns how long it took to be answered. */
  private Duration call(PeerServer server, Credential tls, String gateway) throws Exception {
    Path file = Files.write(dir.resolve("package-" + gateway + System.nanoTime()), new byte[20_000]);
    TransferMetadata metadata = TransferMetadata.forFile("ex-" + System.nanoTime(), "PO-A", "PO-B", gateway, file);
    long start = System.nanoTime();
    try (PeerClient client = PeerClient.builder().tlsCredential(tls).trustedRoots(List.of(f.pki.rootCertificate()))
        .connectTimeout(Duration.ofSeconds(5)).receiveTimeout(Duration.ofSeconds(10)).build()) {
      TransferReceipt receipt = client.send(f.endpoint(server), metadata, file);
      assertTrue(receipt.isAccepted(), receipt.toString());
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Opens a connection that announces a large body and sends one byte of it every {@code every}. */
  private RawHttpsConnection slowUpload(SSLContext tls, int port, Duration every) throws Exception {
    RawHttpsConnection c = new RawHttpsConnection(tls, port);
    c.send(RawHttpsConnection.postHeaders(PeerProtocol.PATH, port, 1_000_000));
    trickle.scheduleAtFixedRate(() -> c.send("<"), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  @Test
  void slowLorisWithAnAuditorsCertificateDoesNotStopAPeerCall() throws Exception {
    SSLContext auditor = f.sslContext(auditorTls);
    List<RawHttpsConnection> loris = new ArrayList<>();
    try (PeerServer server = server().start()) {
      for (int i = 0; i < 32; i++) {
        loris.add(slowUpload(auditor, port(server), Duration.ofSeconds(2)));
      }
      Duration took = call(server, f.senderTls, "gw-a");
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "a peer call took " + took + " beside 32 slow uploads");
      for (RawHttpsConnection c : loris) {
        assertEquals(500, c.status(Duration.ofSeconds(3)), "a certificate that is no peer's is answered at once");
        c.readUntil("</soap:Envelope>", Duration.ofSeconds(1));
        assertTrue(c.received().contains("peer:PEER_UNTRUSTED") && c.received().contains("CN=Ana Auditor"),
            c.received());
      }
    } finally {
      loris.forEach(RawHttpsConnection::close);
    }
  }

  @Test
  void aPeersUploadBelowTheMinimumRateIsCut() throws Exception {
    try (PeerServer server = server().listenerSettings(QUICK_CUTS).start();
        RawHttpsConnection slow = slowUpload(f.sslContext(f.senderTls), port(server), Duration.ofMillis(100))) {
      long start = System.nanoTime();
      // 10 bytes/s, each byte well within the read timeout: only the rate check can see it
      assertNotNull(slow.readUntilClosed(Duration.ofSeconds(6)), "the slow upload is still open after 6 s");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofMillis(900)) > 0, "cut too early: " + took);
      call(server, f.senderTls, "gw-a"); // and the listener serves the same peer again
    }
  }

  @Test
  void aRefusedCertificatesSlowUploadIsAnsweredAtOnceAndCutBelowTheMinimumRate() throws Exception {
    try (PeerServer server = server().listenerSettings(QUICK_CUTS).start();
        RawHttpsConnection loris = slowUpload(f.sslContext(auditorTls), port(server), Duration.ofMillis(100))) {
      assertEquals(500, loris.status(Duration.ofSeconds(1)), loris.received());
      assertNotNull(loris.readUntilClosed(Duration.ofSeconds(5)), "the refused slow upload is still open after 5 s");
    }
  }

  @Test
  void aBodyThatStopsArrivingIsCutAfterTheReadTimeout() throws Exception {
    try (PeerServer server = server().listenerSettings(QUICK_CUTS).start();
        RawHttpsConnection silent = new RawHttpsConnection(f.sslContext(f.senderTls), port(server))) {
      silent.send(RawHttpsConnection.postHeaders(PeerProtocol.PATH, port(server), 1_000_000) + "<soap:Envelope");
      assertNotNull(silent.readUntilClosed(Duration.ofSeconds(4)), "a silent body is still open after 4 s");
    }
  }

  @Test
  void headersSentSlowlyAreCutAfterTheReadTimeout() throws Exception {
    try (PeerServer server = server().listenerSettings(QUICK_CUTS).start();
        RawHttpsConnection slow = new RawHttpsConnection(f.sslContext(f.senderTls), port(server))) {
      slow.send("POST " + PeerProtocol.PATH + " HTTP/1.1\r\n");
      trickle.scheduleAtFixedRate(() -> slow.send("X-Slow: 1\r\n"), 200, 200, TimeUnit.MILLISECONDS);
      assertNotNull(slow.readUntilClosed(Duration.ofSeconds(4)), "slow headers are still open after 4 s");
    }
  }

  @Test
  void aConnectionWithoutARequestIsClosedAfterTheIdleTimeout() throws Exception {
    try (PeerServer server = server().listenerSettings(QUICK_CUTS).start();
        RawHttpsConnection idle = new RawHttpsConnection(f.sslContext(f.senderTls), port(server))) {
      long start = System.nanoTime();
      assertNotNull(idle.readUntilClosed(Duration.ofSeconds(5)), "an idle TLS connection is still open after 5 s");
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() > 1500, "closed before the idle timeout");
    }
  }

  @Test
  void onePeerOverItsLimitIsAnsweredBusyAtOnceWhileAnotherIsServed() throws Exception {
    SSLContext a = f.sslContext(f.senderTls);
    try (PeerServer server = server().listenerSettings(SMALL_LIMITS).start();
        RawHttpsConnection first = slowUpload(a, port(server), Duration.ofSeconds(1));
        RawHttpsConnection second = slowUpload(a, port(server), Duration.ofSeconds(1));
        RawHttpsConnection third = new RawHttpsConnection(a, port(server))) {
      Thread.sleep(200); // both uploads have reached the listener
      long start = System.nanoTime();
      third.send(RawHttpsConnection.postHeaders(PeerProtocol.PATH, port(server), 10) + "0123456789");
      assertEquals(429, third.status(Duration.ofSeconds(2)), third.received());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, "BUSY must come at once");
      third.readUntil("</soap:Envelope>", Duration.ofSeconds(1));
      assertTrue(third.received().contains("peer:BUSY"), third.received());
      assertTrue(third.received().contains("listeners.maxConcurrentPerClient"), third.received());

      GatewayException e = assertThrows(GatewayException.class, () -> call(server, f.senderTls, "gw-a"));
      assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), "retryable for the sender: " + e.getMessage());
      assertTrue(call(server, peerC, "gw-c").toMillis() < 5000, "another peer is served meanwhile");

      first.close();
      second.close();
      Thread.sleep(300);
      call(server, f.senderTls, "gw-a"); // the places are free again once the uploads end
    }
  }

  @Test
  void theListenerOverItsLimitIsAnsweredBusyAtOnce() throws Exception {
    try (PeerServer server = server().listenerSettings(SMALL_LIMITS).start();
        RawHttpsConnection a1 = slowUpload(f.sslContext(f.senderTls), port(server), Duration.ofSeconds(1));
        RawHttpsConnection a2 = slowUpload(f.sslContext(f.senderTls), port(server), Duration.ofSeconds(1));
        RawHttpsConnection c1 = slowUpload(f.sslContext(peerC), port(server), Duration.ofSeconds(1));
        RawHttpsConnection d1 = new RawHttpsConnection(f.sslContext(peerD), port(server))) {
      Thread.sleep(200);
      long start = System.nanoTime();
      d1.send(RawHttpsConnection.postHeaders(PeerProtocol.PATH, port(server), 10) + "0123456789");
      assertEquals(503, d1.status(Duration.ofSeconds(2)), d1.received());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, "BUSY must come at once");
      d1.readUntil("</soap:Envelope>", Duration.ofSeconds(1));
      assertTrue(d1.received().contains("listeners.maxConcurrent"), d1.received());

      c1.close();
      Thread.sleep(300);
      call(server, peerD, "gw-d"); // a place is free again once an upload ends
    }
  }

  @Test
  void aSilentBodyTheEndpointNeverReadsIsCutAndFreesItsPlace() throws Exception {
    SSLContext a = f.sslContext(f.senderTls);
    try (PeerServer server = server().listenerSettings(QUICK_CUTS).start()) {
      // a wrong path is answered 404 without reading the body; Undertow then drains it in the background
      List<RawHttpsConnection> silent = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        RawHttpsConnection c = new RawHttpsConnection(a, port(server));
        c.send(RawHttpsConnection.postHeaders("/mlagw/other", port(server), 1_000_000) + "<x");
        silent.add(c);
      }
      for (RawHttpsConnection c : silent) {
        assertNotNull(c.readUntilClosed(Duration.ofSeconds(4)), "an undrained silent body is still open after 4 s");
        c.close();
      }
      call(server, f.senderTls, "gw-a"); // both of gw-a's places (limit 2) are free again
    }
  }
}
