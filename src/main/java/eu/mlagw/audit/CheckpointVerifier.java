package eu.mlagw.audit;

import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.crypto.VerifiedSignature;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies a signed checkpoint: the CMS signature over the encapsulated body, the signer's
 * certificate path to a trust anchor at the verifier's time (never the signing time the checkpoint claims; with CRLs), that the signer is one of
 * the expected gateway seal certificates (when any are given: another valid certificate of the same
 * PKI is refused) and carries the gateway-seal key purpose (as evidences must), that the body is a canonical {@link Checkpoint} and that its time agrees with
 * the signing time. Thread-safe.
 */
public final class CheckpointVerifier {
  private static final Duration TIME_TOLERANCE = Duration.ofSeconds(1);
  private final DetachedSignatureVerifier verifier;
  private final List<X509Certificate> expectedSigners;

  /**
   * @param expectedSigners the gateway's seal certificate(s); empty accepts any signer the trust
   *     policy accepts (offline bundles, where the chain is pinned by its root instead)
   */
  public CheckpointVerifier(TrustPolicy trust, List<X509Certificate> expectedSigners) {
    this.verifier = new DetachedSignatureVerifier(trust);
    this.expectedSigners = List.copyOf(expectedSigners);
  }

  /**
   * @throws GatewayException AUDIT_TAMPERED (signature invalid, body not a checkpoint, time
   *     disagreeing), CERT_UNTRUSTED / CERT_EXPIRED / CERT_REVOKED / KEY_USAGE from the trust
   *     policy, or AUDIT_TAMPERED when signed by a certificate other than the gateway's seal
   */
  public VerifiedCheckpoint verify(byte[] signed, Instant now) throws GatewayException {
    DetachedSignatureVerifier.VerifiedContent content;
    try {
      content = verifier.verifyEncapsulated(signed, now);
    } catch (GatewayException e) {
      if (e.reason() == ReasonCode.SIGNATURE_INVALID || e.reason() == ReasonCode.MALFORMED) {
        throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint signature is invalid: "
            + e.getMessage().replace("; do not trust this package and ask the sender to seal it again", "")
            + "; it was forged or altered after signing", e);
      }
      throw e;
    }
    VerifiedSignature signature = content.signature();
    // the evidence-issuer rule: only a gateway's evidence seal speaks for a gateway
    if (!eu.mlagw.crypto.CertificateRole.isGatewaySeal(signature.signer())) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint is signed by "
          + signature.signer().getSubjectX500Principal().getName() + ", which lacks the gateway-seal key purpose "
          + eu.mlagw.crypto.CertificateRole.GATEWAY_SEAL_KEY_PURPOSE + "; only a gateway's evidence seal signs "
          + "checkpoints (a gateway seal made before this rule must be re-issued: mlagw pki init, config check)");
    }
    if (!expectedSigners.isEmpty() && expectedSigners.stream().noneMatch(c -> same(c, signature.signer()))) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint is signed by "
          + signature.signer().getSubjectX500Principal().getName() + ", which is not the gateway's seal ("
          + expectedSigners.get(0).getSubjectX500Principal().getName() + "); only the gateway signs its checkpoints");
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(content.content());
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the signed content is not a checkpoint: " + e.getMessage(), e);
    }
    Duration skew = Duration.between(signature.signingTime(), checkpoint.time()).abs();
    if (skew.compareTo(TIME_TOLERANCE) >= 0) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint states time " + checkpoint.time()
          + " but was signed at " + signature.signingTime() + "; the gateway signs a checkpoint at the time it states");
    }
    return new VerifiedCheckpoint(checkpoint, signature, signed.clone());
  }

  private static boolean same(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
