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
}
