package eu.mlagw.audit;

import eu.mlagw.crypto.VerifiedSignature;

/**
 * A checkpoint whose signature and signer passed {@link CheckpointVerifier}.
 *
 * @param checkpoint what it states
 * @param signature who signed it and the validated certificate path
 * @param signed the signed bytes (CMS SignedData, DER) as stored
 * @param note what the CMS encapsulates: the C2SP signed note, or the bare body in legacy form
 * @param legacy whether the checkpoint is in the legacy form (no note signature, gateway id as origin)
 * @param noteKey the note key whose signature verified, or null in legacy form
 */
public record VerifiedCheckpoint(Checkpoint checkpoint, VerifiedSignature signature, byte[] signed, byte[] note,
    boolean legacy, eu.mlagw.crypto.NoteVerifierKey noteKey) {
  /** Whether this checkpoint is of the log of {@code gatewayId} (see {@link Checkpoint#isOfGateway}). */
  public boolean isOfGateway(String gatewayId) {
    return checkpoint.isOfGateway(gatewayId, legacy);
  }
}
