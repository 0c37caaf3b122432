package eu.mlagw.evidence;

import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.crypto.VerifiedSignature;
import eu.mlagw.error.GatewayException;
import java.time.Instant;

/** Checks an evidence file offline: the gateway seal's signature and certificate path, then the statement. */
public final class EvidenceVerifier {
  private final DetachedSignatureVerifier verifier;

  public EvidenceVerifier(TrustPolicy trust) {
    this.verifier = new DetachedSignatureVerifier(trust);
  }

  /** A verified evidence and who signed it. */
  public record VerifiedEvidence(Evidence evidence, VerifiedSignature signature) {}

  public VerifiedEvidence verify(byte[] p7s, Instant now) throws GatewayException {
    DetachedSignatureVerifier.VerifiedContent content = verifier.verifyEncapsulated(p7s, now);
    return new VerifiedEvidence(Evidence.parse(content.content()), content.signature());
  }
}
