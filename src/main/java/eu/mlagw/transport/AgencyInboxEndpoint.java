package eu.mlagw.transport;

import eu.mlagw.transport.agency.AgencyAcknowledgement;
import eu.mlagw.transport.agency.AgencyDelivery;
import eu.mlagw.transport.agency.AgencyDocument;
import eu.mlagw.transport.agency.AgencyInbox;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agency side of {@link AgencyInbox} as {@link AgencyEndpointSimulator} runs it: stores the
 * metadata as {@code metadata.xml} and streams every attachment into {@link ReceivedExchanges}
 * (checked SHA-256 and size, atomic, once per exchange id), inside the request thread so MTOM
 * streams. Refusals are acknowledgements with {@code accepted=false}; storage failures (disk) are
 * SOAP faults, after which the gateway retries.
 */
final class AgencyInboxEndpoint implements AgencyInbox {
  /** The file name the agency metadata is stored under. */
  static final String METADATA_FILE = "metadata.xml";
  private static final Logger LOG = LoggerFactory.getLogger(AgencyInboxEndpoint.class);
  private final ReceivedExchanges store;
  private final AtomicReference<AgencyAcknowledgement> forcedRefusal;

  AgencyInboxEndpoint(ReceivedExchanges store, AtomicReference<AgencyAcknowledgement> forcedRefusal) {
    this.store = store;
    this.forcedRefusal = forcedRefusal;
  }

  @Override
  public AgencyAcknowledgement deliver(AgencyDelivery delivery) {
    AgencyAcknowledgement refusal = forcedRefusal.get();
    if (refusal != null) {
      return refusal;
    }
    String id = delivery.getExchangeId();
    try {
      PushedExchange.requireId(id);
      if (delivery.getMetadata() == null || delivery.getSender() == null || delivery.getRecipient() == null) {
        return refused(id, ReasonCode.MALFORMED.name(), "sender, recipient and metadata are required");
      }
      synchronized (store.lock(id)) {
        Optional<String> known = store.reference(id);
        if (known.isPresent()) {
          LOG.info("agency simulator: exchange {} is a repeat, reference {}", id, known.get());
          return AgencyAcknowledgement.of(true, known.get(), null, "already received");
        }
        try (ReceivedExchanges.Staging staging = store.stage(id)) {
          staging.write(METADATA_FILE, new java.io.ByteArrayInputStream(
              delivery.getMetadata().getBytes(StandardCharsets.UTF_8)), -1, null);
          for (AgencyDocument d : delivery.getDocuments()) {
            if (d.getContent() == null || d.getName() == null || d.getSha256() == null) {
              return refused(id, ReasonCode.MALFORMED.name(), "a document lacks its name, SHA-256 or content");
            }
            try (InputStream in = d.getContent().getInputStream()) {
              staging.write(d.getName(), in, d.getSize(), d.getSha256());
            }
          }
          String reference = "AG-" + HexFormat.of().withUpperCase().formatHex(new SecureRandom().generateSeed(6));
          staging.commit(reference);
          LOG.info("agency simulator: exchange {} received with {} documents and handling codes {}, reference {}", id,
              delivery.getDocuments().size(), delivery.getHandlingCodes(), reference);
          return AgencyAcknowledgement.of(true, reference, null, "received " + delivery.getDocuments().size()
              + " documents");
        }
      }
    } catch (IllegalArgumentException e) {
      return refused(id, ReasonCode.MALFORMED.name(), e.getMessage());
    } catch (GatewayException e) {
      return refused(id, e.reason().name(), e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store exchange " + id + ": " + e.getMessage(), e);
    }
  }

  private static AgencyAcknowledgement refused(String id, String reasonCode, String message) {
    LOG.warn("agency simulator refused exchange {}: {} {}", id, reasonCode, message);
    return AgencyAcknowledgement.of(false, null, reasonCode, message);
  }
}
