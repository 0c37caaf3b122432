package eu.mlagw.transport;

import java.util.Objects;

/**
 * The recipient's system took over an exchange: a delivery channel returns this only when the
 * system answered success (HTTP 2xx, or an acknowledgement with {@code accepted=true}).
 *
 * @param reference the system's own reference for it (its case or registry number), or empty if it
 *     gave none
 * @param message what happened, for the log and the operator
 */
public record PushReceipt(String reference, String message) {
  /** Null reference or message becomes empty. */
  public PushReceipt {
    reference = Objects.requireNonNullElse(reference, "");
    message = Objects.requireNonNullElse(message, "");
  }
}
