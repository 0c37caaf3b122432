package eu.mlagw.transport;

import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.MessageTrustDecider;
import org.apache.cxf.transport.http.URLConnectionInfo;
import org.apache.cxf.transport.http.UntrustedURLConnectionIOException;
import org.apache.cxf.transport.https.HttpsURLConnectionInfo;

/**
 * Pins the server of one endpoint (a peer gateway, a participant's delivery endpoint): the
 * connection is used only if the server's certificate is exactly the configured one. CXF asks this
 * on every request, after the TLS handshake and before the first byte of the request is written,
 * so nothing is sent to an impostor (also on a reused keep-alive connection, where no handshake and
 * so no trust manager is involved). Clients outside CXF call {@link #check} at the same moment.
 */
final class ServerPin extends MessageTrustDecider {
  private final String who;
  private final URI url;
  private final X509Certificate pinned;

  ServerPin(PeerEndpoint peer) {
    this("peer gateway " + peer.gatewayId(), peer.url(), peer.certificate());
  }

  /** {@code who} names the endpoint in messages, e.g. "the delivery endpoint of participant X". */
  ServerPin(String who, URI url, X509Certificate pinned) {
    super("mlagw server pin for " + who);
    this.who = who;
    this.url = url;
    this.pinned = pinned;
  }

  @Override
  public void establishTrust(String conduitName, URLConnectionInfo info, Message message)
      throws UntrustedURLConnectionIOException {
    Certificate[] chain = info instanceof HttpsURLConnectionInfo ? ((HttpsURLConnectionInfo) info).getServerCertificates() : null;
    check(who, url, pinned, chain);
  }

  /** Throws {@link Mismatch} unless the first certificate of {@code chain} is exactly {@code pinned}. */
  static void check(String who, URI url, X509Certificate pinned, Certificate[] chain) throws Mismatch {
    X509Certificate found = null;
    if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate) {
      found = (X509Certificate) chain[0];
    }
    if (!Certificates.same(pinned, found)) {
      throw new Mismatch("the server at " + url + " presented " + Certificates.describe(found)
          + " but the certificate configured for " + who + " is " + Certificates.describe(pinned)
          + "; nothing was sent. If it renewed its certificate, update the certificate in this gateway's "
          + "configuration after checking the fingerprint with its operator");
    }
  }

  /** The server is not the pinned one; the message names expected and found certificates. */
  static final class Mismatch extends UntrustedURLConnectionIOException {
    Mismatch(String message) {
      super(message);
    }
  }
}
