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
import java.time.Instant;

/**
 * Records that a recipient took an exchange from its inbox ({@code mlagw ack}): a Retrieval
 * evidence signed by this gateway, filed with the sender's exchange in {@code sent/EXCHANGE-ID/}
 * and its status updated. Idempotent: a second acknowledgement changes nothing.
 */
public final class RetrievalRecorder {
  /** A clerk (or the office's document system) creates {@code inbox/EXCHANGE-ID.taken} instead of {@code mlagw ack}. */
  public static final String TAKEN_SUFFIX = ".taken";
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;
  private final ExchangeLifecycle lifecycle;
  private final java.util.List<String> hosted;
  private final eu.mlagw.directory.Directory directory;
  private final eu.mlagw.crypto.GatewayKeys keys;
  private final eu.mlagw.transport.PeerClient peers;
  static final String REPORTED = ".retrieval-reported";
  /** How often the inboxes are swept for retrievals not yet reported to the sender's gateway. */
  static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofSeconds(30);
  private final RetryPause backoff = new RetryPause(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(16));
  private volatile Instant lastSweep;

  /**
   * Serves the inbox markers of the {@code hosted} participants; {@code directory}, {@code keys} and
   * {@code peers} (may be null: no peers) report the Retrieval evidence of an exchange whose sender is
   * hosted by another gateway to that gateway.
   */
  public RetrievalRecorder(ExchangeLifecycle lifecycle, EvidenceIssuer evidences, Clock clock,
      java.util.List<String> hosted, eu.mlagw.directory.Directory directory, eu.mlagw.crypto.GatewayKeys keys,
      eu.mlagw.transport.PeerClient peers) {
    this.lifecycle = lifecycle;
    this.directory = directory;
    this.keys = keys;
    this.peers = peers;
    this.folders = lifecycle.folders();
    this.evidences = evidences;
    this.clock = clock;
    this.hosted = java.util.List.copyOf(hosted);
  }

  /**
   * Route step of {@code recordRetrievals}: every {@code inbox/EXCHANGE-ID.taken} marker of a
   * hosted participant is acknowledged as by {@code mlagw ack}, then removed. A marker naming no
   * exchange of the inbox is renamed {@code .taken.unknown} so the clerk sees it was not understood.
   * A marker that fails (the sender's gateway unreachable) stays and is tried again later, with a
   * growing pause; it never holds up the other markers. Every {@link #SWEEP_EVERY} the inboxes are
   * also swept for retrievals recorded but not yet reported to the sender's gateway (an {@code mlagw
   * ack} while the node was stopped and the peer unreachable, or a kill between the two steps).
   */
  public int acknowledgeMarked() throws GatewayException {
    int recorded = 0;
    Instant now = clock.instant();
    boolean sweep = lastSweep == null || !now.isBefore(lastSweep.plus(SWEEP_EVERY));
    for (String recipient : hosted) {
      Path inbox = folders.inbox(recipient);
      if (!Files.isDirectory(inbox)) {
        continue;
      }
      for (Path marker : list(inbox, p -> p.getFileName().toString().endsWith(TAKEN_SUFFIX))) {
        String name = marker.getFileName().toString();
        String exchangeId = name.substring(0, name.length() - TAKEN_SUFFIX.length());
        if (backoff.waiting(exchangeId, now)) {
          continue;
        }
        try {
          if (!Files.isDirectory(inbox.resolve(exchangeId))) {
            Files.move(marker, marker.resolveSibling(name + ".unknown"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            continue;
          }
          if (acknowledge(recipient, exchangeId)) {
            recorded++;
          }
          Files.deleteIfExists(marker);
          backoff.succeeded(exchangeId);
        } catch (GatewayException | IOException | RuntimeException e) {
          backoff.failed(exchangeId, now, e);
        }
      }
      if (sweep) {
        reportUnreported(recipient, inbox, now);
      }
    }
    if (sweep) {
      lastSweep = now;
    }
    return recorded;
  }

  /** Reports every retrieval of {@code recipient}'s inbox that was recorded here but not yet reported. */
  private void reportUnreported(String recipient, Path inbox, Instant now) throws GatewayException {
    for (Path dir : list(inbox, Files::isDirectory)) {
      String exchangeId = dir.getFileName().toString();
      if (exchangeId.startsWith(".") || Files.exists(dir.resolve(REPORTED)) || backoff.waiting(exchangeId, now)
          || Files.exists(inbox.resolve(exchangeId + TAKEN_SUFFIX))) {
        continue;
      }
      try {
        if (evidences.find(dir, EvidenceType.Retrieval) != null) {
          reportToSender(dir, exchangeId, recipient);
          backoff.succeeded(exchangeId);
        }
      } catch (GatewayException | RuntimeException e) {
        backoff.failed(exchangeId, now, e);
      }
    }
  }

  private static java.util.List<Path> list(Path dir, java.util.function.Predicate<Path> filter) throws GatewayException {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.filter(filter).toList();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records the retrieval through the lifecycle (once), then — when the sender is served by another
   * gateway — reports the Retrieval evidence to that gateway (once). Returns true if this call
   * recorded the retrieval, false if it had been recorded before.
   */
  /** As {@link #acknowledge(String, String)}, for a CLI command: no peer client of its own. */
  public static boolean acknowledgeOnce(ExchangeLifecycle lifecycle, eu.mlagw.directory.Directory directory,
      eu.mlagw.crypto.GatewayKeys keys, String recipient, String exchangeId, Clock clock) throws GatewayException {
    EvidenceIssuer evidences = new EvidenceIssuer(directory.gatewayId(),
        keys.signer(keys.gatewaySeal()), clock);
    return new RetrievalRecorder(lifecycle, evidences, clock, java.util.List.of(), directory, keys, null)
        .acknowledge(recipient, exchangeId);
  }

  public boolean acknowledge(String recipient, String exchangeId) throws GatewayException {
    boolean recorded = lifecycle.retrieved(recipient, exchangeId);
    Path inbox = folders.inbox(recipient).resolve(exchangeId);
    if (!Files.exists(inbox.resolve(REPORTED)) && evidences.find(inbox, EvidenceType.Retrieval) != null) {
      reportToSender(inbox, exchangeId, recipient);
    }
    return recorded;
  }

  /** Sends the Retrieval evidence kept in {@code inbox} to the gateway hosting the exchange's sender. */
  private void reportToSender(Path inbox, String exchangeId, String recipient) throws GatewayException {
    try {
      PackageMetadata metadata = PackageMetadata.parse(Files.readAllBytes(inbox.resolve(PackageMetadata.ENTRY)));
      if (keys == null) {
        throw new GatewayException(ReasonCode.NO_ROUTE, "the sender " + metadata.sender() + " is served by another "
            + "gateway and this recorder cannot reach peers");
      }
      eu.mlagw.config.GatewayConfig.PeerConfig peer = directory.peerHosting(metadata.sender()); // else NO_ROUTE
      eu.mlagw.transport.PeerClient client = peers != null ? peers : eu.mlagw.transport.PeerClient.builder()
          .tlsCredential(keys.tlsCredential()).trustedRoots(keys.trustPolicy().anchors()).build();
      try {
        eu.mlagw.transport.TransferReceipt receipt = client.reportEvidence(new eu.mlagw.transport.PeerEndpoint(peer.id(),
            peer.url(), eu.mlagw.crypto.KeyStoreFiles.readCertificate(peer.certificate())),
            new eu.mlagw.transport.EvidenceReport(exchangeId, metadata.sender(), recipient, directory.gatewayId(),
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

}
