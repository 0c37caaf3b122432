package eu.mlagw.transport;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A peer gateway as its partners configure it: its id, its endpoint URL and the one TLS
 * certificate its server must present (pinned; a different certificate is refused even if it
 * chains to a trusted root).
 *
 * @param gatewayId the peer's gateway id
 * @param url the peer's endpoint, {@code https://HOST:PORT/mlagw/peer}
 * @param certificate exactly the TLS certificate the peer's server presents
 */
public record PeerEndpoint(String gatewayId, URI url, X509Certificate certificate) {
  /** Checks that every value is present and the URL is HTTPS with a host. */
  public PeerEndpoint {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(certificate, "certificate");
    if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("the URL of peer gateway " + gatewayId + " must be https://HOST:PORT"
          + PeerProtocol.PATH + ", got " + url);
    }
  }

  @Override
  public String toString() {
    return "peer gateway " + gatewayId + " at " + url;
  }
}
