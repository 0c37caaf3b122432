package eu.mlagw.audit.hazelcast;

/**
 * The clustered audit store could not do what was asked: an event could not be made durable (the
 * caller must treat the step as not recorded), or the database holds something that is not a
 * canonical event at the position it claims. The message names the position and what to do.
 */
public final class AuditStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditStoreException(String message) {
    super(message);
  }

  public AuditStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
