package eu.mlagw.transport;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured peers of a server: gateway id → the one TLS certificate that gateway must present. */
final class ExpectedPeers {
  private final Map<String, X509Certificate> byGateway;

  ExpectedPeers(Map<String, X509Certificate> byGateway) {
    this.byGateway = Map.copyOf(new LinkedHashMap<>(byGateway));
  }

  /** The gateway id whose configured certificate is exactly {@code presented}, if any. */
  Optional<String> identify(X509Certificate presented) {
    for (Map.Entry<String, X509Certificate> e : byGateway.entrySet()) {
      if (Certificates.same(e.getValue(), presented)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  boolean isEmpty() {
    return byGateway.isEmpty();
  }
}
