package eu.mlagw.audit;

/**
 * Why a log or a proof bundle failed verification. Names are stable (reports and tests use them).
 */
public enum AuditFailure {
  /** An event expected at a sequence number is absent (deleted). */
  EVENT_MISSING,
  /** A stored event cannot be decoded: its row is not a canonical audit event (altered in the database). */
  EVENT_UNREADABLE,
  /** The row of one sequence number holds the event of another (a row copied, inserted or renumbered). */
  EVENT_MISPLACED,
  /** A stored checkpoint is absent from inside the list of checkpoints (its row was deleted). */
  CHECKPOINT_MISSING,
  /** Two events carry the same sequence number (one was inserted). */
  EVENT_DUPLICATED,
  /** Events are not in sequence order (reordered). */
  EVENTS_REORDERED,
  /** The recomputed root at a checkpoint's size differs from the signed root (an event changed). */
  ROOT_MISMATCH,
  /** A checkpoint's signature, signer, certificate path or content is not valid (forged). */
  CHECKPOINT_INVALID,
  /** A checkpoint covers fewer events or is older than one before it, or than one the auditor holds. */
  CHECKPOINT_ROLLED_BACK,
  /** The log holds fewer events than a signed checkpoint covers (events removed from the end). */
  LOG_TRUNCATED,
  /** A bundle's inclusion proof is malformed or does not lead to the signed root. */
  PROOF_INVALID,
  /** A bundle holds an event that does not belong to the exchange it proves. */
  EVENT_NOT_OF_EXCHANGE,
  /** A bundle is structurally incomplete or its files disagree with each other. */
  BUNDLE_MALFORMED
}
