package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.config.ListenerSettings;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS reuse between a {@link PeerClient} and a real {@link PeerServer}: a full handshake is the one
 * that checks the server's chain (the client's trust manager is asked); a resumed session or a
 * reused connection is not. The server's idle timeout forces a new connection where the test needs
 * one.
 */
class PeerTlsReuseTest {
  private static PeerFixture f;
  @TempDir Path dir;

  @BeforeAll
  static void pki() {
    f = PeerFixture.shared();
  }

  @Test
  void consecutiveTransfersToOnePeerMakeOneFullHandshake() throws Exception {
    AtomicInteger fullHandshakes = new AtomicInteger();
    Path file = Files.write(dir.resolve("package.p7m"), new byte[1000]);
    AtomicInteger received = new AtomicInteger();
    try (PeerServer server = f.server(counting(received), dir).start();
        PeerClient client = counted(fullHandshakes, Duration.ofMinutes(5))) {
      for (int i = 1; i <= 3; i++) {
        assertTrue(client.send(f.endpoint(server), metadata("ex-" + i, file), file).isAccepted());
      }
    }
    assertEquals(3, received.get());
    assertEquals(1, fullHandshakes.get(), "the server's chain is checked in the first handshake only");
  }

  @Test
  void aNewConnectionToThePeerResumesTheSession() throws Exception {
    AtomicInteger fullHandshakes = new AtomicInteger();
    Path file = Files.write(dir.resolve("package.p7m"), new byte[1000]);
    AtomicInteger received = new AtomicInteger();
    // the server closes a connection idle for 200 ms, so the second transfer needs a new one
    ListenerSettings quickIdle = new ListenerSettings(Duration.ofSeconds(30), Duration.ofMillis(200), 1024, 12, 16);
    try (PeerServer server = f.server(counting(received), dir).listenerSettings(quickIdle).start();
        PeerClient client = counted(fullHandshakes, Duration.ofMinutes(5))) {
      client.send(f.endpoint(server), metadata("ex-1", file), file);
      Thread.sleep(600);
      assertTrue(client.send(f.endpoint(server), metadata("ex-2", file), file).isAccepted());
    }
    assertEquals(2, received.get());
    assertEquals(1, fullHandshakes.get(), "the new connection resumed the session: no second chain check");
  }

  @Test
  void afterTheSessionLifetimeTheNextTransferMakesAFullHandshakeAgain() throws Exception {
    AtomicInteger fullHandshakes = new AtomicInteger();
    Path file = Files.write(dir.resolve("package.p7m"), new byte[1000]);
    try (PeerServer server = f.server(counting(new AtomicInteger()), dir).start();
        PeerClient client = counted(fullHandshakes, Duration.ofSeconds(1))) {
      client.send(f.endpoint(server), metadata("ex-1", file), file);
      client.send(f.endpoint(server), metadata("ex-2", file), file);
      assertEquals(1, fullHandshakes.get());
      Thread.sleep(2_100); // JSSE's session timeout has 1 s granularity; the socket generation is over too
      client.send(f.endpoint(server), metadata("ex-3", file), file);
    }
    assertEquals(2, fullHandshakes.get(), "neither the old session nor its connection is reused: the chain is checked again");
  }

  @Test
  void aResumedSessionStillMeetsTheServerPin() throws Exception {
    AtomicInteger fullHandshakes = new AtomicInteger();
    Path file = Files.write(dir.resolve("package.p7m"), new byte[1000]);
    AtomicInteger received = new AtomicInteger();
    try (PeerServer server = f.server(counting(received), dir).start();
        PeerClient client = counted(fullHandshakes, Duration.ofMinutes(5))) {
      client.send(f.endpoint(server), metadata("ex-1", file), file);
      // the peer's certificate was replaced in our configuration: the session's old one is refused
      GatewayException e = assertThrows(GatewayException.class,
          () -> client.send(f.endpoint(server, f.strangerTls.certificate()), metadata("ex-2", file), file));
      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    }
    assertEquals(1, received.get());
    assertEquals(1, fullHandshakes.get(), "the refusal came from the pin on the reused session");
  }

  private static PeerClient counted(AtomicInteger fullHandshakes, Duration lifetime) throws GatewayException {
    TlsMaterial material = TlsMaterial.of(f.senderTls, List.of(f.pki.rootCertificate()));
    return PeerClient.builder()
        .tlsCredential(f.senderTls)
        .connectTimeout(Duration.ofSeconds(5))
        .receiveTimeout(Duration.ofSeconds(30))
        .tlsSessionLifetime(lifetime)
        .build(material.withTrustManager(new CountingTrustManager(material.trustManager(), fullHandshakes)));
  }

  private static TransferMetadata metadata(String exchangeId, Path file) throws Exception {
    return TransferMetadata.forFile(exchangeId, "PO-A", "PO-B", "gw-a", file);
  }

  private static PackageReceiver counting(AtomicInteger calls) {
    return (metadata, file, peer) -> {
      calls.incrementAndGet();
      return null;
    };
  }

  /** Counts the checks of a server's chain, which JSSE makes in full handshakes only. */
  private static final class CountingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final AtomicInteger serverChecks;

    CountingTrustManager(X509ExtendedTrustManager pkix, AtomicInteger serverChecks) {
      this.pkix = pkix;
      this.serverChecks = serverChecks;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      serverChecks.incrementAndGet();
      pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      serverChecks.incrementAndGet();
      pkix.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      serverChecks.incrementAndGet();
      pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      pkix.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      pkix.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
