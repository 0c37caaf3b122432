package eu.mlagw.transport;

import eu.mlagw.crypto.CertificateAuthority;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.GatewayException;
import eu.mlagw.testing.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Two gateways of one PKI ("gw-a" sends, "gw-b" receives), a stranger from the same PKI and an
 * outsider from another PKI, with helpers to start real servers on free loopback ports.
 */
final class PeerFixture {
  static final String HOST = "127.0.0.1";
  final TestPki pki = new TestPki("Peer");
  /** RSA on the server side, EC P-256 on the client side: both key kinds go through TLS. */
  final Credential receiverTls = pki.tls("gw-b");
  final Credential senderTls = ecTls(pki.issuingAuthority(), "gw-a");
  /** Same PKI, valid TLS certificate, but configured nowhere. */
  final Credential strangerTls = ecTls(pki.issuingAuthority(), "gw-x");
  /** From a PKI nobody trusts (EC keys: RSA-3072 generation dominates the fixture's cost). */
  final Credential outsiderTls = ecTls(CertificateAuthority.createRoot("CN=Outsider Root CA,O=Elsewhere",
      KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(10)), TestPki.NOW.plus(Duration.ofDays(100)),
      new SecureRandom()), "gw-o");

  private static Credential ecTls(CertificateAuthority ca, String gatewayId) {
    return ca.issue(CertificateRole.TLS, "CN=" + gatewayId, KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(1)),
        TestPki.NOW.plus(Duration.ofDays(365)), List.of());
  }

  private static PeerFixture shared;

  /** One fixture per test JVM: key generation (RSA-3072 for the CAs) is the slow part of these tests. */
  static synchronized PeerFixture shared() {
    if (shared == null) {
      shared = new PeerFixture();
    }
    return shared;
  }

  static int freePort() throws IOException {
    // below the ephemeral range: a port an outgoing connection cannot take while a listener is restarted
    return eu.mlagw.config.SamplePorts.free();
  }

  PeerServer.Builder server(PackageReceiver receiver, Path tempDir) throws IOException {
    return PeerServer.builder()
        .gatewayId("gw-b")
        .listen(HOST, freePort())
        .tlsCredential(receiverTls)
        .trustedRoots(List.of(pki.rootCertificate()))
        .expectedPeers(Map.of("gw-a", senderTls.certificate()))
        .receiver(receiver)
        .tempDirectory(tempDir);
  }

  /** A TLS context presenting {@code tls} and trusting the PKI's root, for plain HTTPS calls. */
  SSLContext sslContext(Credential tls) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("k", tls.privateKey(), "x".toCharArray(), tls.chain().toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "x".toCharArray());
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("root", pki.rootCertificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(roots);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  PeerClient client(Credential tls) throws GatewayException {
    return PeerClient.builder()
        .tlsCredential(tls)
        .trustedRoots(List.of(pki.rootCertificate()))
        .connectTimeout(Duration.ofSeconds(5))
        .receiveTimeout(Duration.ofSeconds(30))
        .build();
  }

  PeerEndpoint endpoint(PeerServer server) {
    return endpoint(server, receiverTls.certificate());
  }

  PeerEndpoint endpoint(PeerServer server, X509Certificate pinned) {
    return new PeerEndpoint("gw-b", server.url(), pinned);
  }
}
