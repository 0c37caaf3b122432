package eu.mlagw.audit;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;

/**
 * A Merkle proof or recomputed root that does not match the signed root: carries both hashes so
 * the report can show what was expected (signed) and what the data yields. Reason AUDIT_TAMPERED.
 */
public final class ProofVerificationException extends GatewayException {
  private final byte[] expectedRoot;
  private final byte[] calculatedRoot;

  public ProofVerificationException(String message, byte[] expectedRoot, byte[] calculatedRoot) {
    super(ReasonCode.AUDIT_TAMPERED, message + (expectedRoot == null || calculatedRoot == null ? ""
        : " (signed root " + MerkleHashes.hex(expectedRoot) + ", calculated " + MerkleHashes.hex(calculatedRoot) + ")"));
    this.expectedRoot = expectedRoot == null ? null : expectedRoot.clone();
    this.calculatedRoot = calculatedRoot == null ? null : calculatedRoot.clone();
  }

  /** The root the signed checkpoint states, or null when the proof failed before a root was known. */
  public byte[] expectedRoot() {
    return expectedRoot == null ? null : expectedRoot.clone();
  }

  /** The root calculated from the data, or null when the proof was malformed. */
  public byte[] calculatedRoot() {
    return calculatedRoot == null ? null : calculatedRoot.clone();
  }
}
