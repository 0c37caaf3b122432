package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.pkg.PackageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Records that a recipient took an exchange from its inbox ({@code mlagw ack}): a Retrieval
 * evidence signed by this gateway, filed with the sender's exchange in {@code sent/EXCHANGE-ID/}
 * and its status updated. Idempotent: a second acknowledgement changes nothing.
 */
public final class RetrievalRecorder {
  static final String MARKER = ".retrieved";
  /** A clerk (or the office's document system) creates {@code inbox/EXCHANGE-ID.taken} instead of {@code mlagw ack}. */
  public static final String TAKEN_SUFFIX = ".taken";
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;
  private final ExchangeAudit audit;
  private final java.util.List<String> hosted;
  private final eu.mlagw.crypto.GatewayKeys keys;
  private final eu.mlagw.transport.PeerClient peers;
  static final String REPORTED = ".retrieval-reported";

  public RetrievalRecorder(DropFolders folders, EvidenceIssuer evidences, Clock clock) {
    this(folders, evidences, clock, null, java.util.List.of(), null, null);
  }

  /** As above, recording in {@code audit} and serving the inbox markers of the {@code hosted} participants. */
  /**
   * As above; {@code keys} and {@code peers} (may be null: no peers) report the Retrieval evidence
   * of an exchange whose sender is hosted by another gateway to that gateway.
   */
  public RetrievalRecorder(DropFolders folders, EvidenceIssuer evidences, Clock clock, ExchangeAudit audit,
      java.util.List<String> hosted, eu.mlagw.crypto.GatewayKeys keys, eu.mlagw.transport.PeerClient peers) {
    this.keys = keys;
    this.peers = peers;
    this.folders = folders;
    this.evidences = evidences;
    this.clock = clock;
    this.audit = audit;
    this.hosted = java.util.List.copyOf(hosted);
  }

  /**
   * Route step of {@code recordRetrievals}: every {@code inbox/EXCHANGE-ID.taken} marker of a
   * hosted participant is acknowledged as by {@code mlagw ack}, then removed. A marker naming no
   * exchange of the inbox is renamed {@code .taken.unknown} so the clerk sees it was not understood.
   */
  public int acknowledgeMarked() throws GatewayException {
    int recorded = 0;
    for (String recipient : hosted) {
      Path inbox = folders.inbox(recipient);
      if (!Files.isDirectory(inbox)) {
        continue;
      }
      java.util.List<Path> markers;
      try (java.util.stream.Stream<Path> s = Files.list(inbox)) {
        markers = s.filter(p -> p.getFileName().toString().endsWith(TAKEN_SUFFIX)).toList();
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot list " + inbox + ": " + e.getMessage(), e);
      }
      for (Path marker : markers) {
        String name = marker.getFileName().toString();
        String exchangeId = name.substring(0, name.length() - TAKEN_SUFFIX.length());
        try {
          if (!Files.isDirectory(inbox.resolve(exchangeId))) {
            Files.move(marker, marker.resolveSibling(name + ".unknown"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            continue;
          }
          if (acknowledge(recipient, exchangeId)) {
            recorded++;
          }
          Files.deleteIfExists(marker);
        } catch (IOException e) {
          throw new GatewayException(ReasonCode.IO_ERROR, "cannot handle " + marker + ": " + e.getMessage(), e);
        }
      }
    }
    return recorded;
  }

  /** Returns true if this call recorded the retrieval, false if it had been recorded before. */
  public boolean acknowledge(String recipient, String exchangeId) throws GatewayException {
    Path inbox = folders.inbox(recipient).resolve(exchangeId);
    if (!Files.isDirectory(inbox)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "there is no exchange " + exchangeId + " in the inbox of "
          + recipient + " (" + inbox + "); check the exchange id and the participant");
    }
    if (Files.exists(inbox.resolve(MARKER))) {
      if (Files.exists(inbox.resolve(REPORTED)) || !Files.exists(inbox.resolve("evidences"))
          || evidences.find(inbox, EvidenceType.Retrieval) == null) {
        return false;
      }
      reportToSender(inbox, exchangeId, recipient); // recorded before; the sender's gateway not told yet
      return false;
    }
    try {
      PackageMetadata metadata = PackageMetadata.parse(Files.readAllBytes(inbox.resolve(PackageMetadata.ENTRY)));
      Path sent = folders.sent(metadata.sender()).resolve(exchangeId);
      if (!Files.isDirectory(sent)) {
        // the sender is served by another gateway: the evidence is kept with the exchange here (returning
        // it to the sender's gateway needs a peer-protocol operation not built yet)
        Path evidence = evidences.issue(inbox, EvidenceType.Retrieval, exchangeId, metadata.sender(), recipient, null,
            null, recipient + " took the exchange from its inbox");
        record(exchangeId, metadata.sender(), recipient, inbox, evidence);
        Files.writeString(inbox.resolve(MARKER), clock.instant() + "\n");
        reportToSender(inbox, exchangeId, recipient);
        return true;
      }
      Path evidence = evidences.issue(sent, EvidenceType.Retrieval, exchangeId, metadata.sender(), recipient,
          sent.resolve("package.p7m"), null, recipient + " took the exchange from its inbox");
      Submission s = new Submission(exchangeId, metadata.sender(), recipient,
          StatusFiles.read(sent).isEmpty() ? exchangeId : submissionName(sent), sent);
      StatusFiles.append(sent, s, "RETRIEVED", recipient + " took it from its inbox; evidence "
          + evidence.getFileName(), clock.instant());
      record(exchangeId, metadata.sender(), recipient, inbox, evidence);
      Files.writeString(inbox.resolve(MARKER), clock.instant() + "\n");
      return true;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot record the retrieval of " + exchangeId + ": "
          + e.getMessage(), e);
    }
  }

  /** Sends the Retrieval evidence kept in {@code inbox} to the gateway hosting the exchange's sender. */
  private void reportToSender(Path inbox, String exchangeId, String recipient) throws GatewayException {
    try {
      PackageMetadata metadata = PackageMetadata.parse(Files.readAllBytes(inbox.resolve(PackageMetadata.ENTRY)));
      if (keys == null) {
        throw new GatewayException(ReasonCode.NO_ROUTE, "the sender " + metadata.sender() + " is served by another "
            + "gateway and this recorder cannot reach peers");
      }
      String peerId = keys.participant(metadata.sender()).gateway().orElseThrow(() -> new GatewayException(
          ReasonCode.NO_ROUTE, "no gateway is configured for the sender " + metadata.sender()));
      eu.mlagw.config.GatewayConfig.PeerConfig peer = keys.config().peer(peerId).orElseThrow(() ->
          new GatewayException(ReasonCode.NO_ROUTE, "peer gateway " + peerId + " is not configured"));
      eu.mlagw.transport.PeerClient client = peers != null ? peers : eu.mlagw.transport.PeerClient.builder()
          .tlsCredential(keys.tlsCredential()).trustedRoots(keys.trustPolicy().anchors()).build();
      try {
        eu.mlagw.transport.TransferReceipt receipt = client.reportEvidence(new eu.mlagw.transport.PeerEndpoint(peer.id(),
            peer.url(), eu.mlagw.crypto.KeyStoreFiles.readCertificate(peer.certificate())),
            new eu.mlagw.transport.EvidenceReport(exchangeId, metadata.sender(), recipient, keys.config().gatewayId(),
                Files.readAllBytes(evidences.find(inbox, EvidenceType.Retrieval))));
        if (!receipt.isAccepted()) {
          throw new GatewayException(ReasonCode.valueOf(receipt.getReasonCode()), "gateway " + peer.id()
              + " refused the Retrieval evidence: " + receipt.getMessage());
        }
      } finally {
        if (client != peers) {
          client.close();
        }
      }
      Files.writeString(inbox.resolve(REPORTED), clock.instant() + "\n");
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot report the retrieval of " + exchangeId + ": "
          + e.getMessage(), e);
    }
  }

  private void record(String exchangeId, String sender, String recipient, Path inbox, Path evidence)
      throws GatewayException {
    if (audit != null) {
      audit.step(eu.mlagw.audit.AuditEventType.EXCHANGE_RETRIEVED, exchangeId, sender, recipient, inbox, null, null,
          java.util.Map.of("evidence", evidence.getFileName().toString()));
    }
  }

  private static String submissionName(Path sent) throws IOException {
    try (var s = Files.list(sent.resolve("original"))) {
      return s.findFirst().map(p -> p.getFileName().toString()).orElse(sent.getFileName().toString());
    }
  }
}
