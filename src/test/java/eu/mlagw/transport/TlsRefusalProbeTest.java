package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.mlagw.crypto.Credential;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe that tells a refused client certificate from a network failure. */
class TlsRefusalProbeTest {
  private final PeerFixture f = PeerFixture.shared();
  @TempDir Path dir;

  @Test
  void tellsRefusedFromAcceptedFromUnreachable() throws Exception {
    try (PeerServer server = f.server((m, p, peer) -> null, dir).start()) {
      // Refused in the TLS handshake (unknown root), refused per request (unknown certificate), accepted.
      assertEquals(TlsRefusalProbe.Verdict.REFUSED_OUR_CERTIFICATE, probe(server.url(), f.outsiderTls));
      assertEquals(TlsRefusalProbe.Verdict.REFUSED_OUR_CERTIFICATE, probe(server.url(), f.strangerTls));
      assertEquals(TlsRefusalProbe.Verdict.ACCEPTED, probe(server.url(), f.senderTls));
    }
    URI nobody = URI.create("https://127.0.0.1:" + PeerFixture.freePort() + "/mlagw/peer");
    assertEquals(TlsRefusalProbe.Verdict.UNREACHABLE, probe(nobody, f.senderTls));
  }

  private TlsRefusalProbe.Verdict probe(URI url, Credential tls) throws Exception {
    SSLContext context = TlsMaterial.of(tls, List.of(f.pki.rootCertificate())).sslContext();
    return TlsRefusalProbe.probe(url, context, 5000);
  }
}
