package eu.mlagw.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.config.DeliveryChannel;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.MediaTypes;
import eu.mlagw.transport.AgencyClient;
import eu.mlagw.transport.CaseSystemClient;
import eu.mlagw.transport.PushEndpoint;
import eu.mlagw.transport.PushReceipt;
import eu.mlagw.transport.PushedDocument;
import eu.mlagw.transport.PushedExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The push step of delivery: an exchange released into the inbox folder of a participant whose
 * delivery channel is {@code rest} (a court's case-management system) or {@code soap} (an agency
 * endpoint) is pushed to that system; for the {@code inbox} channel this step does nothing.
 *
 * <p>Guarantees: a push that succeeded is recorded in {@code inbox/EXCHANGE-ID/pushed.json} (the
 * system's reference) and never repeated; PEER_UNREACHABLE leaves everything as it is, to be
 * retried; a refusal (DELIVERY_REFUSED) moves the exchange from the inbox to {@code
 * refused/EXCHANGE-ID/} with {@code refusal.txt}, so that nothing looks delivered that was not.
 */
public final class RecipientSystems implements AutoCloseable {
  static final String PUSHED_FILE = "pushed.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Directory directory;
  private final GatewayKeys keys;
  private final RecipientRendering rendering;
  private final DropFolders folders;
  private final Clock clock;
  private CaseSystemClient caseSystems;
  private AgencyClient agencies;

  public RecipientSystems(Directory directory, GatewayKeys keys, RecipientRendering rendering, DropFolders folders,
      Clock clock) {
    this.directory = directory;
    this.keys = keys;
    this.rendering = rendering;
    this.folders = folders;
    this.clock = clock;
  }

  /** Step of {@code receiveFromPeer}: pushes an exchange received from a peer gateway. */
  public Incoming pushIncoming(Incoming in) throws GatewayException {
    push(in.exchangeId(), in.sender(), in.recipient(), in.inbox());
    return in;
  }

  /** Step of {@code deliverToInbox}: pushes an exchange between two participants hosted here. */
  public Submission pushLocal(Submission s) throws GatewayException {
    push(s.exchangeId(), s.sender(), s.recipient(), folders.inbox(s.recipient()).resolve(s.exchangeId()));
    return s;
  }

  /** The reference a pushed exchange got from the recipient's system, or null if not pushed. */
  public static String reference(Path inbox) {
    try {
      Path file = inbox.resolve(PUSHED_FILE);
      return Files.exists(file) ? JSON.readTree(file.toFile()).path("reference").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private void push(String exchangeId, String sender, String recipientId, Path inbox) throws GatewayException {
    ParticipantConfig recipient = directory.participant(recipientId);
    DeliveryChannel channel = recipient.delivery();
    if (channel.kind() == DeliveryChannel.Kind.INBOX || Files.exists(inbox.resolve(PUSHED_FILE))) {
      return;
    }
    PushEndpoint endpoint = PushEndpoint.of(recipientId, channel);
    // the metadata in the recipient's own format (its profile), as rendered at release
    Path metadata = inbox.resolve(rendering.profileDocument(recipient));
    if (!Files.exists(metadata)) {
      metadata = inbox.resolve("metadata.xml");
    }
    PushedExchange exchange = describe(exchangeId, sender, recipientId, inbox, metadata);
    List<String> handlingCodes = RecipientRendering.request(inbox).map(r -> r.handlingCodes()).orElse(List.of());
    PushReceipt receipt;
    try {
      receipt = channel.kind() == DeliveryChannel.Kind.REST ? caseSystems().push(endpoint, exchange)
          : agencies().push(endpoint, exchange, handlingCodes);
    } catch (GatewayException e) {
      if (e.reason() == ReasonCode.DELIVERY_REFUSED) {
        setAside(exchangeId, recipientId, inbox, e);
      }
      throw e;
    }
    try {
      StatusFiles.atomicWrite(inbox.resolve(PUSHED_FILE), JSON.writeValueAsString(Map.of("channel",
          channel.kind().yamlName(), "url", endpoint.url().toString(), "reference", receipt.reference(), "at",
          clock.instant().toString())) + "\n");
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "pushed " + exchangeId + " but cannot record it in " + inbox
          + ": " + e.getMessage(), e);
    }
  }

  private static PushedExchange describe(String exchangeId, String sender, String recipient, Path inbox, Path metadata)
      throws GatewayException {
    List<PushedDocument> documents = new ArrayList<>();
    Path docs = inbox.resolve("documents");
    // the digests were verified against the signed manifest at release: take them from the report
    Map<String, String> verified = verifiedDigests(inbox);
    try (Stream<Path> walk = Files.walk(docs)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
        String entry = "documents/" + docs.relativize(f).toString().replace('\\', '/');
        String name = docs.relativize(f).toString().replace('/', '_');
        String sha256 = verified.containsKey(entry) ? verified.get(entry) : PackageDigest.compute(f);
        documents.add(new PushedDocument(name, MediaTypes.forName(name), Files.size(f), sha256, f));
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the documents of " + exchangeId + " in " + docs
          + ": " + e.getMessage(), e);
    }
    String mediaType = metadata.getFileName().toString().endsWith(".json") ? "application/json" : "application/xml";
    return new PushedExchange(exchangeId, sender, recipient, mediaType, metadata, documents);
  }

  /** Entry name → SHA-256 from the verification report written at release (empty if unreadable). */
  private static Map<String, String> verifiedDigests(Path inbox) {
    Map<String, String> out = new java.util.HashMap<>();
    try {
      JSON.readTree(inbox.resolve(eu.mlagw.pkg.VerificationReport.JSON_FILE).toFile()).path("entries")
          .forEach(e -> out.put(e.path("name").asText(), e.path("sha256").asText()));
    } catch (IOException e) {
      // no report: the documents are hashed instead
    }
    return out;
  }

  private void setAside(String exchangeId, String recipient, Path inbox, GatewayException refusal) {
    try {
      Path refused = Files.createDirectories(folders.root().resolve(recipient).resolve("refused"));
      StatusFiles.atomicWrite(inbox.resolve("refusal.txt"), "The system of " + recipient + " refused exchange "
          + exchangeId + " at " + clock.instant() + ":\n" + refusal.getMessage() + "\n");
      Files.move(inbox, refused.resolve(exchangeId), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(RecipientSystems.class).error("cannot set the refused exchange {} aside: {}",
          exchangeId, e.toString());
    }
  }

  private synchronized CaseSystemClient caseSystems() throws GatewayException {
    if (caseSystems == null) {
      caseSystems = CaseSystemClient.builder().tlsCredential(keys.tlsCredential())
          .trustedRoots(keys.trustPolicy().anchors()).build();
    }
    return caseSystems;
  }

  private synchronized AgencyClient agencies() throws GatewayException {
    if (agencies == null) {
      agencies = AgencyClient.builder().tlsCredential(keys.tlsCredential())
          .trustedRoots(keys.trustPolicy().anchors()).build();
    }
    return agencies;
  }

  @Override
  public synchronized void close() {
    if (agencies != null) {
      agencies.close();
    }
  }
}
