package eu.mlagw.transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a delivery channel pushes to a participant's own system, whatever the channel (REST or
 * SOAP): the exchange, who sent it to whom, the metadata document in the recipient's format, and
 * the documents. Files are read only when pushed, streamed.
 *
 * @param exchangeId the gateway's exchange id; the same on every retry (receivers use it for
 *     idempotency), letters, digits, {@code . _ -}
 * @param sender participant id of the sender
 * @param recipient participant id of the recipient (hosted by this gateway)
 * @param metadataMediaType media type of the metadata document, e.g. {@code application/json}
 * @param metadataDocument the metadata in the recipient's format
 * @param documents the documents, in order; names unique
 */
public record PushedExchange(String exchangeId, String sender, String recipient, String metadataMediaType,
    Path metadataDocument, List<PushedDocument> documents) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Checks every value; throws IllegalArgumentException naming the bad one. */
  public PushedExchange {
    Objects.requireNonNull(exchangeId, "exchangeId");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(metadataMediaType, "metadataMediaType");
    Objects.requireNonNull(metadataDocument, "metadataDocument");
    documents = List.copyOf(documents);
    requireId(exchangeId);
    if (documents.stream().map(PushedDocument::name).distinct().count() != documents.size()) {
      throw new IllegalArgumentException("exchange " + exchangeId + ": two documents have the same name");
    }
  }

  /** Throws unless {@code id} is 1-128 letters, digits, {@code . _ -}, starting with a letter or digit. */
  static void requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("'" + id + "' is not a valid exchange id: 1-128 letters, digits, "
          + ". _ -, starting with a letter or digit");
    }
  }

  /** Total bytes of the documents. */
  public long documentBytes() {
    return documents.stream().mapToLong(PushedDocument::size).sum();
  }
}
