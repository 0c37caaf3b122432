package eu.mlagw.routing;

import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.ProgressListener;
import eu.mlagw.transport.PackageReceiver;
import eu.mlagw.transport.TransferMetadata;
import eu.mlagw.transport.TransferReceipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Receives packages from peer gateways: verifies each completely and releases it into the
 * recipient's inbox (atomic rename), then issues the Delivery evidence into the inbox folder.
 * Idempotent per exchange id: a package already in the inbox is acknowledged again, not delivered
 * twice. A refusal (unknown or foreign recipient, bad package) goes back in the receipt with its
 * reason code.
 */
public final class PeerReception implements PackageReceiver {
  private final GatewayKeys keys;
  private final ExchangePolicy policy;
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;

  public PeerReception(GatewayKeys keys, ExchangePolicy policy, DropFolders folders, EvidenceIssuer evidences,
      Clock clock) {
    this.keys = keys;
    this.policy = policy;
    this.folders = folders;
    this.evidences = evidences;
    this.clock = clock;
  }

  @Override
  public TransferReceipt receive(TransferMetadata m, Path receivedFile, String peerGatewayId) throws GatewayException {
    policy.checkIncoming(m.senderParticipant(), m.recipientParticipant(), peerGatewayId);
    Path inbox = folders.inbox(m.recipientParticipant()).resolve(m.exchangeId());
    if (!Files.exists(inbox)) {
      PackageOpener.forGateway(keys, clock).open(receivedFile, m.recipientParticipant(),
          keys.encryptionCredential(m.recipientParticipant()), inbox, ProgressListener.NONE);
    }
    Path evidence = evidences.find(inbox, EvidenceType.Delivery);
    if (evidence == null) {
      evidence = evidences.issue(inbox, EvidenceType.Delivery, m.exchangeId(), m.senderParticipant(),
          m.recipientParticipant(), receivedFile, null, "Received from gateway " + peerGatewayId
              + ", verified and delivered to the inbox of " + m.recipientParticipant());
    }
    // the sender's gateway gets our signed Delivery evidence back with the receipt (also when repeated)
    TransferReceipt receipt = TransferReceipt.accepted(m.exchangeId(), keys.config().gatewayId(),
        "verified and delivered to the inbox of " + m.recipientParticipant());
    try {
      receipt.setEvidence(Files.readAllBytes(evidence));
    } catch (java.io.IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the Delivery evidence " + evidence, e);
    }
    return receipt;
  }
}
