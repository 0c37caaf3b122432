package eu.mlagw.audit;

/**
 * The outcome of verifying an audit log or a proof bundle.
 *
 * @param ok true when nothing was found wrong
 * @param eventsChecked events read and hashed
 * @param checkpointsChecked signed checkpoints verified (signature, signer, root)
 * @param coveredEvents events proven by a verified checkpoint (sequence numbers 0..coveredEvents-1);
 *     events after it are only as good as the store until the next checkpoint
 * @param firstBadSequence the lowest sequence number not proven good, or -1 when ok (see docs/auditors.md
 *     for its exact meaning per failure)
 * @param lastBadSequence the highest sequence number the failure may concern (equal to
 *     firstBadSequence when exact), or -1
 * @param failure why it failed, or null when ok
 * @param message what was found and what it means, for the auditor
 */
public record VerificationResult(boolean ok, long eventsChecked, int checkpointsChecked, long coveredEvents,
    long firstBadSequence, long lastBadSequence, AuditFailure failure, String message) {

  static VerificationResult passed(long events, int checkpoints, long covered, String message) {
    return new VerificationResult(true, events, checkpoints, covered, -1, -1, null, message);
  }

  static VerificationResult failed(long events, int checkpoints, long covered, long firstBad, long lastBad,
      AuditFailure failure, String message) {
    return new VerificationResult(false, events, checkpoints, covered, firstBad, lastBad, failure, message);
  }

  /** One line for the CLI: "OK ..." or "TAMPERED first bad sequence N (FAILURE): message". */
  public String summary() {
    if (ok) {
      return "OK " + message;
    }
    String range = lastBadSequence > firstBadSequence ? " (one of " + firstBadSequence + ".." + lastBadSequence + ")" : "";
    return "TAMPERED first bad sequence " + firstBadSequence + range + " " + failure + ": " + message;
  }
}
