package eu.mlagw.routing;

import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.evidence.EvidenceVerifier;
import eu.mlagw.transport.EvidenceReceiver;
import eu.mlagw.transport.EvidenceReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Files an evidence that the recipient's gateway reported after delivery (a Retrieval) with the
 * sender's exchange in {@code sent/EXCHANGE-ID/}: only if its seal verifies, it was issued by the
 * very gateway that reported it, that gateway hosts the exchange's recipient, and the exchange was
 * sent from here. Idempotent: a repeated report changes nothing.
 */
public final class EvidenceReception implements EvidenceReceiver {
  private final GatewayKeys keys;
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final SenderReceipts receipts;
  private final ExchangeAudit audit;
  private final Clock clock;

  public EvidenceReception(GatewayKeys keys, DropFolders folders, EvidenceIssuer evidences, SenderReceipts receipts,
      ExchangeAudit audit, Clock clock) {
    this.keys = keys;
    this.folders = folders;
    this.evidences = evidences;
    this.receipts = receipts;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void receive(EvidenceReport report, String peerGatewayId) throws GatewayException {
    EvidenceVerifier.VerifiedEvidence verified = EvidenceVerifier.forGateway(keys)
        .verify(report.getEvidence(), eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()));
    eu.mlagw.evidence.Evidence e = verified.evidence();
    ParticipantConfig sender = keys.participant(e.sender());
    ParticipantConfig recipient = keys.participant(e.recipient());
    if (!e.exchangeId().equals(report.getExchangeId()) || !e.issuingGateway().equals(peerGatewayId)
        || !recipient.gateway().map(peerGatewayId::equals).orElse(false) || !sender.isHosted()
        || e.type() != EvidenceType.Retrieval) {
      throw new GatewayException(ReasonCode.EXCHANGE_MISMATCH, "gateway " + peerGatewayId + " reported a " + e.type()
          + " evidence of exchange " + e.exchangeId() + " issued by " + e.issuingGateway() + " for " + e.sender() + " -> "
          + e.recipient() + "; only the gateway hosting the recipient reports Retrieval evidences of exchanges sent "
          + "from here");
    }
    Path sent = folders.sent(e.sender()).resolve(e.exchangeId());
    if (!Files.isDirectory(sent)) {
      throw new GatewayException(ReasonCode.EXCHANGE_MISMATCH, "exchange " + e.exchangeId() + " was not sent from "
          + e.sender() + " at gateway " + keys.config().gatewayId() + " (no sent/ folder)");
    }
    if (evidences.find(sent, EvidenceType.Retrieval) != null) {
      return;
    }
    Path stored = evidences.store(sent, EvidenceType.Retrieval, report.getEvidence());
    try {
      Submission s = new Submission(e.exchangeId(), e.sender(), e.recipient(), e.exchangeId(), sent);
      StatusFiles.append(sent, s, "RETRIEVED", e.recipient() + " took it from its inbox (reported by gateway "
          + peerGatewayId + "); evidence " + stored.getFileName(), clock.instant());
      receipts.write(sent, s);
    } catch (IOException ex) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot update the status of " + e.exchangeId() + ": "
          + ex.getMessage(), ex);
    }
    audit.step(eu.mlagw.audit.AuditEventType.EVIDENCE_RECEIVED, e.exchangeId(), e.sender(), e.recipient(), sent, null,
        null, java.util.Map.of("evidence", "Retrieval", "fromGateway", peerGatewayId));
  }
}
