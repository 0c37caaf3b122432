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
 * @param noteKey the note verifier key the checkpoint's note signature was checked with (given by the
 *     auditor or, if not, the bundle's), or null for a legacy checkpoint
 * @param consistentWith the checkpoint (size and root) the bundle's consistency proof proved the
 *     checkpoint extends, or null when the bundle carries none
 */
public record BundleVerification(VerificationResult result, String exchangeId, Checkpoint checkpoint,
    List<AuditEvent> events, X509Certificate signer, X509Certificate root, String rootFingerprint, boolean pinned,
    eu.mlagw.crypto.NoteVerifierKey noteKey, TreeHead consistentWith) {
  /** A tree size and its root hash. */
  public record TreeHead(long size, byte[] rootHash) {}

  public BundleVerification {
    events = List.copyOf(events);
  }
}
