package eu.mlagw.evidence;

import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.crypto.ValidationTime;
import eu.mlagw.crypto.VerifiedSignature;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks an evidence file: the seal's algorithms, signature and certificate path (at a
 * {@link ValidationTime} the signer cannot forge), the statement, and that the issuer is a gateway:
 * the seal must be the configured evidence seal certificate of the gateway the evidence names as
 * its issuer, and carry the gateway-seal key purpose ({@link CertificateRole#GATEWAY_SEAL_KEY_PURPOSE}).
 * Otherwise any office whose seal the PKI trusts could forge a proof of delivery. Thread-safe.
 */
public final class EvidenceVerifier {
  private final DetachedSignatureVerifier verifier;
  private final EvidenceIssuers issuers;

  public EvidenceVerifier(TrustPolicy trust, EvidenceIssuers issuers) {
    this.verifier = new DetachedSignatureVerifier(trust);
    this.issuers = issuers;
  }

  /** A verifier that trusts what a gateway's configuration trusts and knows its and its peers' evidence seals. */
  public static EvidenceVerifier forGateway(GatewayKeys keys) {
    return new EvidenceVerifier(keys.trustPolicy(), EvidenceIssuers.of(keys));
  }

  /** A verified evidence, who signed it, and the format its statement is in. */
  public record VerifiedEvidence(Evidence evidence, VerifiedSignature signature, Evidence.Format format) {}

  /** As {@link #verify(byte[], ValidationTime)} at the verifier's clock {@code now}. */
  public VerifiedEvidence verify(byte[] p7s, Instant now) throws GatewayException {
    return verify(p7s, ValidationTime.now(now));
  }

  /**
   * @throws GatewayException MALFORMED, SIGNATURE_INVALID, ALGORITHM_REFUSED, CERT_*, KEY_USAGE, or
   *     EVIDENCE_ISSUER_INVALID when the seal is not the named issuing gateway's evidence seal
   */
  public VerifiedEvidence verify(byte[] p7s, ValidationTime time) throws GatewayException {
    DetachedSignatureVerifier.VerifiedContent content = verifier.verifyEncapsulated(p7s, time);
    Evidence.Read read = Evidence.read(content.content());
    checkIssuer(read.evidence().issuingGateway(), content.signature().signer());
    return new VerifiedEvidence(read.evidence(), content.signature(), read.format());
  }

  private void checkIssuer(String gatewayId, X509Certificate signer) throws GatewayException {
    String sealedBy = "'" + signer.getSubjectX500Principal().getName() + "'";
    Optional<X509Certificate> configured = issuers.sealOf(gatewayId);
    if (configured.isEmpty()) {
      throw new GatewayException(ReasonCode.EVIDENCE_ISSUER_INVALID, "the evidence names gateway '" + gatewayId
          + "' as its issuer, but no evidence seal certificate is configured for that gateway (sealed by "
          + sealedBy + "); if it is a peer, add its evidence seal as peers[].sealCertificate in gateway.yaml");
    }
    if (!same(configured.get(), signer)) {
      throw new GatewayException(ReasonCode.EVIDENCE_ISSUER_INVALID, "the evidence names gateway '" + gatewayId
          + "' as its issuer but is sealed by " + sealedBy + ", not by that gateway's configured evidence seal '"
          + configured.get().getSubjectX500Principal().getName() + "': only a gateway issues evidences; "
          + "do not rely on this evidence");
    }
    if (!CertificateRole.isGatewaySeal(signer)) {
      throw new GatewayException(ReasonCode.EVIDENCE_ISSUER_INVALID, "the evidence of gateway '" + gatewayId
          + "' is sealed by " + sealedBy + ", which lacks the gateway-seal key purpose "
          + CertificateRole.GATEWAY_SEAL_KEY_PURPOSE + " in its extended key usage; issue the gateway's evidence "
          + "seal with that key purpose (mlagw pki init does) and configure it");
    }
  }

  static boolean same(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
