package eu.mlagw.pdf;

import java.time.Instant;
import java.util.List;

/**
 * What the sender's receipt PDF states: the exchange, the recipient, the time of submission and the
 * evidences so far (their type names as in {@code eu.mlagw.evidence.EvidenceType}, the time, and an
 * optional reason code for rejections). Immutable.
 */
public record Receipt(String exchangeId, String sender, String recipient, String subject, Instant submitted,
    List<Status> statuses) {
  public Receipt {
    statuses = List.copyOf(statuses);
  }

  /** One evidence line: type name (SubmissionAcceptance, Delivery …), time, reason code or null. */
  public record Status(String evidenceType, Instant time, String reason) {}
}
