package eu.mlagw.pdf;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What the sender's receipt PDF states: the exchange; sender and recipient (office name and id); the
 * request's subject and the case references, each labelled by whose it is; the documents sent with
 * their SHA-256; the time of submission, shown in {@code zone} (the sender's office) and UTC; the
 * gateway that issues the receipt; and the evidences so far (type names as in
 * {@code eu.mlagw.evidence.EvidenceType}, time, the gateway that issued each, an optional reason
 * code for refusals). Null texts are printed as "—". Immutable.
 */
public record Receipt(String exchangeId, String sender, String recipient, String subject,
    String senderCaseReference, String recipientCaseReference, List<Document> documents, Instant submitted,
    ZoneId zone, Gateway issuedBy, List<Status> statuses) {
  public Receipt {
    documents = List.copyOf(documents);
    statuses = List.copyOf(statuses);
    zone = zone == null ? java.time.ZoneOffset.UTC : zone;
  }

  /** A document as sealed into the package: its name and the SHA-256 (hex) the manifest lists. */
  public record Document(String name, String sha256) {}

  /** A gateway: its id ({@code gw-al}) and, when known, a name (its seal certificate's organisation). */
  public record Gateway(String id, String name) {
    @Override
    public String toString() {
      return name == null || name.isBlank() ? id : name + " (" + id + ")";
    }
  }

  /** One evidence line: type name (SubmissionAcceptance, Delivery …), time, reason code or null, its gateway or null. */
  public record Status(String evidenceType, Instant time, String reason, Gateway gateway) {}
}
