package eu.mlagw.audit;

import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.NoteVerifierKey;
import eu.mlagw.crypto.SignedNote;
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
 *
 * <p>Two forms are accepted (versioned by shape): the signed-note form (format 2: the CMS
 * encapsulates a C2SP signed note whose signature line by the gateway's note key must verify), and the
 * legacy form written before note keys (format 1: the CMS encapsulates the bare 4-line body). Which
 * origin each form must carry is {@link Checkpoint#isOfGateway}'s rule.
 */
public final class CheckpointVerifier {
  private static final Duration TIME_TOLERANCE = Duration.ofSeconds(1);
  private final DetachedSignatureVerifier verifier;
  private final List<X509Certificate> expectedSigners;
  private final NoteVerifierKey noteKey;

  /**
   * @param expectedSigners the gateway's seal certificate(s); empty accepts any signer the trust
   *     policy accepts (offline bundles, where the chain is pinned by its root instead)
   * @param noteKey the gateway's note verifier key: every checkpoint in note form must carry its
   *     valid signature, and have its name as origin; null accepts only legacy-form checkpoints
   */
  public CheckpointVerifier(TrustPolicy trust, List<X509Certificate> expectedSigners, NoteVerifierKey noteKey) {
    this.verifier = new DetachedSignatureVerifier(trust);
    this.expectedSigners = List.copyOf(expectedSigners);
    this.noteKey = noteKey;
  }

  /** The note key checkpoints in note form must be signed with, or null. */
  public NoteVerifierKey noteKey() {
    return noteKey;
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
    boolean legacy = !SignedNote.looksSigned(content.content());
    try {
      checkpoint = Checkpoint.parse(content.content());
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the signed content is not a checkpoint: " + e.getMessage(), e);
    }
    if (!legacy) {
      checkNote(content.content(), checkpoint);
    }
    Duration skew = Duration.between(signature.signingTime(), checkpoint.time()).abs();
    if (skew.compareTo(TIME_TOLERANCE) >= 0) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint states time " + checkpoint.time()
          + " but was signed at " + signature.signingTime() + "; the gateway signs a checkpoint at the time it states");
    }
    return new VerifiedCheckpoint(checkpoint, signature, signed.clone(), content.content(), legacy,
        legacy ? null : noteKey);
  }

  private void checkNote(byte[] note, Checkpoint checkpoint) throws GatewayException {
    if (noteKey == null) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint is a signed note of origin "
          + checkpoint.origin() + " but no note key was given to check it with; give the gateway's published note "
          + "verifier key (mlagw audit note-key on the gateway)");
    }
    if (!checkpoint.origin().equals(noteKey.name())) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint's origin is " + checkpoint.origin()
          + " but the gateway's note key is " + noteKey.name() + "; it belongs to another log, or the note key "
          + "configured here is not this gateway's (compare with mlagw audit note-key on the gateway)");
    }
    if (!SignedNote.parse(note).isSignedBy(noteKey)) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint note carries no valid signature of "
          + "the note key " + noteKey + "; it was altered after signing, or signed with another key");
    }
  }

  private static boolean same(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
