package eu.mlagw.evidence;

import eu.mlagw.error.GatewayException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Who may issue evidences: the configured evidence seal certificate of each gateway (this one's own,
 * and its peers'). An evidence is accepted only if it is sealed with the certificate configured for
 * the gateway it names as its issuer.
 */
@FunctionalInterface
public interface EvidenceIssuers {
  /** The evidence seal certificate configured for {@code gatewayId}, or empty when none is. */
  Optional<X509Certificate> sealOf(String gatewayId) throws GatewayException;

  /** Issuers as a gateway's configuration names them (gateway.sealCertificate, peers[].sealCertificate). */
  static EvidenceIssuers of(eu.mlagw.crypto.GatewayKeys keys) {
    return keys::gatewaySealCertificateOf;
  }
}
