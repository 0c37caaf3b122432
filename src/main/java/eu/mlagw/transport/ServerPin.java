package eu.mlagw.transport;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.MessageTrustDecider;
import org.apache.cxf.transport.http.URLConnectionInfo;
import org.apache.cxf.transport.http.UntrustedURLConnectionIOException;
import org.apache.cxf.transport.https.HttpsURLConnectionInfo;

/**
 * Pins the server of one peer: the connection is used only if the server's certificate is exactly
 * the configured one. CXF asks this on every request, after the TLS handshake and before the
 * first byte of the request is written, so nothing is sent to an impostor (also on a reused
 * keep-alive connection, where no handshake and so no trust manager is involved).
 */
final class ServerPin extends MessageTrustDecider {
  private final PeerEndpoint peer;

  ServerPin(PeerEndpoint peer) {
    super("mlagw server pin for " + peer.gatewayId());
    this.peer = peer;
  }

  @Override
  public void establishTrust(String conduitName, URLConnectionInfo info, Message message)
      throws UntrustedURLConnectionIOException {
    X509Certificate found = null;
    if (info instanceof HttpsURLConnectionInfo) {
      Certificate[] chain = ((HttpsURLConnectionInfo) info).getServerCertificates();
      if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate) {
        found = (X509Certificate) chain[0];
      }
    }
    if (!Certificates.same(peer.certificate(), found)) {
      throw new Mismatch("the server at " + peer.url() + " presented " + Certificates.describe(found)
          + " but the certificate configured for peer gateway " + peer.gatewayId() + " is "
          + Certificates.describe(peer.certificate()) + "; nothing was sent. If the peer renewed its certificate, "
          + "update its certificate in this gateway's configuration after checking the fingerprint with its operator");
    }
  }

  /** The server is not the pinned one; the message names expected and found certificates. */
  static final class Mismatch extends UntrustedURLConnectionIOException {
    Mismatch(String message) {
      super(message);
    }
  }
}
