package eu.mlagw.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a completed state change of an exchange says, for metrics and alerts (never written down).
 *
 * @param exchangeId the exchange (a UUIDv7: its first 48 bits are the claim time on the sender's gateway)
 * @param side whose state changed: the sender's exchange (in .work/ or sent/) or the recipient's (inbox, refusals)
 * @param state the state afterwards (SUBMITTED, SEALED, SENDING, RELAYED, DELIVERED, RETRIEVED, FAILED;
 *     RECEIVED, TAKEN), or null when the transition changed no state (an evidence filed, a refusal)
 * @param events the audit event types of the transition, in order
 * @param reason the reason code of the transition (a retry, a failure, a refusal), or null
 * @param details the details of its audit events, merged (e.g. toGateway, fromGateway)
 * @param givesUpAt while retrying: when the exchange gives up (its delivery deadline); else null
 * @param packageBytes the size of the exchange's package when its folder holds it, else -1
 * @param at when the change completed
 */
public record TransitionFacts(String exchangeId, Side side, String state, List<String> events, String reason,
    Map<String, String> details, Instant givesUpAt, long packageBytes, Instant at) {
  /** The sender's gateway's exchange, or the recipient's. */
  public enum Side { SENDER, RECIPIENT }

  public TransitionFacts {
    events = List.copyOf(events);
    details = Map.copyOf(details);
  }

  /** The claim time carried in the exchange id (UUIDv7), or null if the id is not one. */
  public Instant claimedAt() {
    try {
      java.util.UUID id = java.util.UUID.fromString(exchangeId);
      return id.version() == 7 ? Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
