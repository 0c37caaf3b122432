package eu.mlagw.audit;

import eu.mlagw.crypto.VerifiedSignature;

/**
 * A checkpoint whose signature and signer passed {@link CheckpointVerifier}.
 *
 * @param checkpoint what it states
 * @param signature who signed it and the validated certificate path
 * @param signed the signed bytes (CMS SignedData, DER) as stored
 */
public record VerifiedCheckpoint(Checkpoint checkpoint, VerifiedSignature signature, byte[] signed) {}
