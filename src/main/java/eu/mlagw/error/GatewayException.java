package eu.mlagw.error;

import java.util.Objects;

/**
 * The one checked exception of the gateway: a stable {@link ReasonCode} plus a message written for
 * the operator, saying what is wrong and what to do about it.
 */
public class GatewayException extends Exception {
  private final ReasonCode reason;

  public GatewayException(ReasonCode reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public GatewayException(ReasonCode reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public ReasonCode reason() {
    return reason;
  }

  /** "REASON: message", the form printed by the CLI and written to failed/error.txt. */
  @Override
  public String toString() {
    return reason + ": " + getMessage();
  }
}
