package eu.mlagw.audit;

/**
 * Thrown by an {@link AuditStore} whose stored entries are damaged in a way it can see while
 * reading (a row missing inside the log, a row that is not a canonical event, a row holding another
 * position's event). It is a finding, not an internal error: {@link AuditLogVerifier} reports it
 * as a failed verification with {@link #failure()} and {@link #position()}.
 */
public final class StoreDamageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final AuditFailure failure;
  private final long position;

  /**
   * @param failure what kind of damage
   * @param position the sequence number of the event (or index of the checkpoint) concerned
   * @param message what was found and what to do, for the operator
   */
  public StoreDamageException(AuditFailure failure, long position, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
    this.position = position;
  }

  public AuditFailure failure() {
    return failure;
  }

  public long position() {
    return position;
  }
}
