package eu.mlagw.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a participant hosted by this gateway receives what arrives for it. Every package is first
 * verified and released into the participant's inbox folder; the channel says what happens next.
 *
 * <ul>
 *   <li>{@link Kind#INBOX}: nothing more; people take it from the inbox folder.
 *   <li>{@link Kind#REST}: pushed to the participant's own system (a court's case-management
 *       system) as one HTTPS POST, multipart: the metadata document, then the released documents
 *       (contract {@code openapi/mlagw-case-system-push-1.yaml}).
 *   <li>{@link Kind#SOAP}: pushed to an agency endpoint as a SOAP 1.2 call in the agency's format,
 *       the released documents as MTOM attachments (contract {@code wsdl/mlagw-agency-1.wsdl}).
 * </ul>
 *
 * <p>For REST and SOAP, {@code url} is an https URL and {@code certificate} the TLS certificate the
 * endpoint must present (pinned, like a peer gateway's); the gateway authenticates with its own TLS
 * certificate.
 */
public record DeliveryChannel(Kind kind, Optional<URI> url, Optional<Path> certificate) {
  /** The channel kinds, named as in participants.yaml ({@code delivery.channel}). */
  public enum Kind {
    INBOX, REST, SOAP;

    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final DeliveryChannel INBOX_ONLY = new DeliveryChannel(Kind.INBOX, Optional.empty(), Optional.empty());

  public DeliveryChannel {
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.INBOX && (url.isEmpty() || certificate.isEmpty())) {
      throw new IllegalArgumentException(kind + " delivery needs url and certificate");
    }
  }
}
