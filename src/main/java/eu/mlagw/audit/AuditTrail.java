package eu.mlagw.audit;

/**
 * Where every route step and command writes what it did. Implementations are thread-safe.
 *
 * <p>Guarantee: when {@link #append} returns, the event has its final sequence number and is durable
 * (held by at least one backup member and written to the database behind the store); if it throws,
 * the caller must treat the step as not recorded (and fail it rather than proceed silently).
 */
public interface AuditTrail {
  /** Appends {@code record} as the next event of the log and returns the event as stored. */
  AuditEvent append(AuditRecord record);

  /**
   * Appends {@code records} in their order and returns them as stored: the events of one step of an
   * exchange. A store that can (the clustered store) places them as one batch — contiguous sequence
   * numbers, one ordering step, one durable commit — instead of one round trip each; otherwise they
   * are appended one by one. If it throws, treat the step as not recorded: some may be in the log.
   */
  default java.util.List<AuditEvent> appendAll(java.util.List<AuditRecord> records) {
    java.util.List<AuditEvent> out = new java.util.ArrayList<>(records.size());
    for (AuditRecord r : records) {
      out.add(append(r));
    }
    return out;
  }
}
