package eu.mlagw.routing;

import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
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
  private final Directory directory;
  private final GatewayKeys keys;
  private final DropFolders folders;
  private final ExchangeLifecycle lifecycle;
  private final Clock clock;

  public EvidenceReception(Directory directory, GatewayKeys keys, ExchangeLifecycle lifecycle, Clock clock) {
    this.directory = directory;
    this.keys = keys;
    this.folders = lifecycle.folders();
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  @Override
  public void receive(EvidenceReport report, String peerGatewayId) throws GatewayException {
    EvidenceVerifier.VerifiedEvidence verified = EvidenceVerifier.forGateway(keys)
        .verify(report.getEvidence(), eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()));
    eu.mlagw.evidence.Evidence e = verified.evidence();
    boolean senderHostedHere = directory.isHostedHere(e.sender()); // PARTICIPANT_UNKNOWN before any other check
    boolean recipientHostedByPeer = directory.isHostedByPeer(e.recipient(), peerGatewayId);
    if (!e.exchangeId().equals(report.getExchangeId()) || !e.issuingGateway().equals(peerGatewayId)
        || !recipientHostedByPeer || !senderHostedHere
        || e.type() != EvidenceType.Retrieval) {
      throw new GatewayException(ReasonCode.EXCHANGE_MISMATCH, "gateway " + peerGatewayId + " reported a " + e.type()
          + " evidence of exchange " + e.exchangeId() + " issued by " + e.issuingGateway() + " for " + e.sender() + " -> "
          + e.recipient() + "; only the gateway hosting the recipient reports Retrieval evidences of exchanges sent "
          + "from here");
    }
    Path sent = folders.sent(e.sender()).resolve(e.exchangeId());
    if (!Files.isDirectory(sent)) {
      throw new GatewayException(ReasonCode.EXCHANGE_MISMATCH, "exchange " + e.exchangeId() + " was not sent from "
          + e.sender() + " at gateway " + directory.gatewayId() + " (no sent/ folder)");
    }
    String name;
    try {
      name = StatusFiles.submissionName(sent);
    } catch (IOException ex) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the status of " + e.exchangeId(), ex);
    }
    lifecycle.retrievalReported(new Submission(e.exchangeId(), e.sender(), e.recipient(),
        name == null ? e.exchangeId() : name, sent), peerGatewayId, report.getEvidence());
  }
}
