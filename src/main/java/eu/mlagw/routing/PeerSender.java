package eu.mlagw.routing;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.evidence.EvidenceVerifier;
import eu.mlagw.transport.PeerClient;
import eu.mlagw.transport.PeerEndpoint;
import eu.mlagw.transport.TransferMetadata;
import eu.mlagw.transport.TransferReceipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends a sealed package to the peer gateway hosting its recipient (SOAP over mutual TLS, see
 * {@link PeerClient}); on the peer's acceptance files the exchange under the sender's sent/ with a
 * RelayAcceptance evidence. A refusal throws with the peer's reason code (the exchange then fails
 * with a NonDelivery evidence); PEER_UNREACHABLE is retried by the route's error policy, and the
 * exchange stays in .work/ — durable across restarts — until it is sent or given up.
 */
public final class PeerSender {
  static final String FIRST_ATTEMPT = "first-attempt.txt";
  private final GatewayKeys keys;
  private final SenderReceipts receipts;
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final PeerClient client;
  private final Clock clock;

  private final ExchangeAudit audit;

  public PeerSender(GatewayKeys keys, DropFolders folders, EvidenceIssuer evidences, PeerClient client,
      SenderReceipts receipts, ExchangeAudit audit, Clock clock) {
    this.keys = keys;
    this.audit = audit;
    this.receipts = receipts;
    this.folders = folders;
    this.evidences = evidences;
    this.client = client;
    this.clock = clock;
  }

  /** "inbox" when the recipient is hosted here, else "peer" (used by the delivery route's choice). */
  public String channel(Submission s) throws GatewayException {
    return keys.participant(s.recipient()).isHosted() ? "inbox" : "peer";
  }

  public Submission send(Submission s) throws GatewayException {
    checkDeadline(s);
    ParticipantConfig recipient = keys.participant(s.recipient());
    String peerId = recipient.gateway().orElseThrow(() -> new GatewayException(ReasonCode.NO_ROUTE, s.recipient()
        + " is neither hosted here nor assigned to a peer gateway; add 'gateway: <peer id>' to it in participants.yaml"));
    GatewayConfig.PeerConfig peer = keys.config().peer(peerId).orElseThrow(() -> new GatewayException(
        ReasonCode.NO_ROUTE, "peer gateway " + peerId + " of " + s.recipient() + " is not configured"));
    PeerEndpoint endpoint = new PeerEndpoint(peer.id(), peer.url(), KeyStoreFiles.readCertificate(peer.certificate()));
    TransferReceipt receipt = client.send(endpoint, TransferMetadata.forFile(s.exchangeId(), s.sender(), s.recipient(),
        keys.config().gatewayId(), s.packageFile()), s.packageFile());
    String digest = PackageDigest.of(s.packageFile());
    if (!receipt.isAccepted()) {
      keepRelayRejection(s, receipt, peer.id());
      ReasonCode reason;
      try {
        reason = ReasonCode.valueOf(receipt.getReasonCode());
      } catch (RuntimeException e) {
        reason = ReasonCode.MALFORMED;
      }
      throw new GatewayException(reason, "gateway " + peer.id() + " refused the package: " + receipt.getMessage());
    }
    audit.step(eu.mlagw.audit.AuditEventType.PACKAGE_SENT, s.exchangeId(), s.sender(), s.recipient(), s.workDir(), digest, null,
        java.util.Map.of("toGateway", peer.id()));
    Path evidence = evidences.issue(s.workDir(), EvidenceType.RelayAcceptance, s.exchangeId(), s.sender(),
        s.recipient(), s.packageFile(), null, "Gateway " + peer.id() + " accepted and delivered it: "
            + (receipt.getMessage() == null ? "" : receipt.getMessage()));
    if (receipt.getEvidence() != null) {
      // keep the peer's Delivery evidence only if its seal verifies and it speaks of this exchange
      EvidenceVerifier.VerifiedEvidence delivered = EvidenceVerifier.forGateway(keys)
          .verify(receipt.getEvidence(), eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()));
      if (!delivered.evidence().exchangeId().equals(s.exchangeId())
          || delivered.evidence().type() != EvidenceType.Delivery) {
        throw new GatewayException(ReasonCode.MALFORMED, "gateway " + peer.id() + " returned an evidence about "
            + delivered.evidence().type() + " of " + delivered.evidence().exchangeId() + " for exchange "
            + s.exchangeId());
      }
      evidence = evidences.store(s.workDir(), EvidenceType.Delivery, receipt.getEvidence());
      audit.step(eu.mlagw.audit.AuditEventType.EVIDENCE_RECEIVED, s.exchangeId(), s.sender(), s.recipient(), s.workDir(), digest, null,
          java.util.Map.of("evidence", "Delivery", "fromGateway", peer.id()));
    }
    try {
      String said = receipt.getMessage() == null || receipt.getMessage().isBlank()
          ? "verified and delivered to " + s.recipient() : receipt.getMessage();
      StatusFiles.append(s.workDir(), s, "DELIVERED", "Sent to gateway " + peer.id() + ", which " + said + "; evidence "
          + evidence.getFileName(), clock.instant());
      receipts.write(s.workDir(), s);
      Files.move(s.workDir(), folders.sent(s.sender()).resolve(s.exchangeId()), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "sent " + s.exchangeId() + " but cannot file it under sent/: "
          + e.getMessage(), e);
    }
    return s;
  }

  /**
   * Files the peer's signed RelayRejection with the exchange (it goes to failed/ with it) — only if its
   * seal verifies and it is about this exchange; an unverifiable one is dropped with a warning (the
   * refusal itself still stands).
   */
  private void keepRelayRejection(Submission s, TransferReceipt receipt, String peerId) {
    if (receipt.getEvidence() == null) {
      return;
    }
    try {
      EvidenceVerifier.VerifiedEvidence v = EvidenceVerifier.forGateway(keys).verify(receipt.getEvidence(), eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()));
      if (v.evidence().type() == EvidenceType.RelayRejection && v.evidence().exchangeId().equals(s.exchangeId())
          && v.evidence().issuingGateway().equals(peerId)) {
        evidences.store(s.workDir(), EvidenceType.RelayRejection, receipt.getEvidence());
        audit.step(eu.mlagw.audit.AuditEventType.EVIDENCE_RECEIVED, s.exchangeId(), s.sender(), s.recipient(),
            s.workDir(), null, null, java.util.Map.of("evidence", "RelayRejection", "fromGateway", peerId));
      }
    } catch (GatewayException e) {
      org.slf4j.LoggerFactory.getLogger(PeerSender.class).warn("exchange {}: the RelayRejection of gateway {} does "
          + "not verify and is not kept: {}", s.exchangeId(), peerId, e.toString());
    }
  }

  /**
   * Gives up once the delivery deadline (gateway.yaml delivery.deadline) has passed since the first
   * attempt. The first attempt's time is written into the work folder, so a restart does not reset
   * the deadline.
   */
  private void checkDeadline(Submission s) throws GatewayException {
    Path marker = s.workDir().resolve(FIRST_ATTEMPT);
    Instant first;
    try {
      if (Files.exists(marker)) {
        first = Instant.parse(Files.readString(marker).strip());
      } else {
        first = clock.instant();
        StatusFiles.atomicWrite(marker, first.toString());
      }
    } catch (IOException | java.time.format.DateTimeParseException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read or write " + marker + ": " + e.getMessage(), e);
    }
    Duration deadline = keys.config().retry().deadline();
    if (clock.instant().isAfter(first.plus(deadline))) {
      throw new GatewayException(ReasonCode.DELIVERY_DEADLINE_PASSED, "the gateway hosting " + s.recipient()
          + " could not be reached from " + first + " until the delivery deadline of " + deadline
          + " (gateway.yaml delivery.deadline) passed; the exchange was given up. Check with the recipient's gateway "
          + "operator, then send it again");
    }
  }
}
