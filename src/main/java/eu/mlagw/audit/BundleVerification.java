package eu.mlagw.audit;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What {@link ProofBundleVerifier} found in a bundle.
 *
 * @param result ok, or the failure with the first bad sequence number (the lowest sequence number in
 *     the bundle when the checkpoint itself fails)
 * @param exchangeId the exchange the bundle claims to prove, or null if unreadable
 * @param checkpoint the signed checkpoint, or null if it did not verify
 * @param events the events proven included (all of them when ok)
 * @param signer the seal certificate that signed the checkpoint, or null
 * @param root the trust anchor the chain was validated to, or null
 * @param rootFingerprint SHA-256 of the root certificate (DER), colon-separated upper-case hex, or null
 * @param pinned true when the root was given by the auditor (--trust), false when taken from the bundle
 */
public record BundleVerification(VerificationResult result, String exchangeId, Checkpoint checkpoint,
    List<AuditEvent> events, X509Certificate signer, X509Certificate root, String rootFingerprint, boolean pinned) {
  public BundleVerification {
    events = List.copyOf(events);
  }
}
