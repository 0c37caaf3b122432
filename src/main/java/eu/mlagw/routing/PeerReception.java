package eu.mlagw.routing;

import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.pkg.OpenedPackage;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.ProgressListener;
import eu.mlagw.transport.TransferReceipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The steps of the {@code receiveFromPeer} route for a package from a peer gateway: {@link #open}
 * verifies it completely and releases it into the recipient's inbox (atomic rename), {@link
 * #acknowledge} issues the Delivery evidence into the inbox folder and answers the sender with it.
 * Idempotent per exchange id: a package already in the inbox is acknowledged again (same evidence),
 * not delivered twice. A refusal thrown by any step goes back to the sender in the receipt with its
 * reason code.
 */
public final class PeerReception {
  private final GatewayKeys keys;
  private final RecipientRendering rendering;
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;

  private final ExchangeAudit audit;

  public PeerReception(GatewayKeys keys, RecipientRendering rendering, DropFolders folders, EvidenceIssuer evidences,
      ExchangeAudit audit, Clock clock) {
    this.keys = keys;
    this.audit = audit;
    this.rendering = rendering;
    this.folders = folders;
    this.evidences = evidences;
    this.clock = clock;
  }

  /**
   * Verifies the package, renders it for the recipient (its profile's metadata and a cover sheet in
   * its language, see {@link RecipientRendering}) and releases all of it into {@code
   * inbox/EXCHANGE-ID/} by one rename, unless it is there already.
   */
  public Incoming open(Incoming in) throws GatewayException {
    Path inbox = folders.inbox(in.recipient()).resolve(in.exchangeId());
    if (!Files.exists(inbox)) {
      PackageOpener.forGateway(keys, clock)
          .withValidationTime(eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant())).open(in.receivedFile(), in.recipient(),
          keys.encryptionCredential(in.recipient()), inbox, ProgressListener.NONE, (opened, staging) -> {
            isAnnounced(opened, in);
            rendering.prepare(opened, staging, in.recipient());
          });
      audit.step(eu.mlagw.audit.AuditEventType.PACKAGE_VERIFIED, in.exchangeId(), in.sender(), in.recipient(), inbox,
          in.metadata().packageSha256(), null, java.util.Map.of("released", "inbox"));
    } else {
      audit.step(eu.mlagw.audit.AuditEventType.DUPLICATE_IGNORED, in.exchangeId(), in.sender(), in.recipient(), inbox,
          in.metadata().packageSha256(), null, java.util.Map.of("fromGateway", in.peerGatewayId()));
    }
    return in.withInbox(inbox);
  }

  /**
   * The sealed metadata must name the exchange the transfer announced: same package id (= exchange
   * id), sender and recipient. Otherwise an old package replayed under a new exchange id, or one
   * sealed for another exchange, would be delivered as if new.
   */
  static void isAnnounced(OpenedPackage opened, Incoming in) throws GatewayException {
    eu.mlagw.pkg.PackageMetadata m = opened.metadata();
    if (!in.exchangeId().equals(m.packageId()) || !in.sender().equals(m.sender())
        || !m.recipients().contains(in.recipient())) {
      throw new GatewayException(ReasonCode.EXCHANGE_MISMATCH, "gateway " + in.peerGatewayId() + " announced exchange "
          + in.exchangeId() + " from " + in.sender() + " to " + in.recipient() + ", but the sealed package is "
          + m.packageId() + " from " + m.sender() + " to " + String.join(", ", m.recipients())
          + "; a package is delivered only as the exchange it was sealed for (replayed or misrouted?)");
    }
  }

  /** Issues (once) the Delivery evidence and returns the receipt that carries it to the sender. */
  public TransferReceipt acknowledge(Incoming in) throws GatewayException {
    Path evidence = evidences.find(in.inbox(), EvidenceType.Delivery);
    if (evidence == null) {
      evidence = evidences.issue(in.inbox(), EvidenceType.Delivery, in.exchangeId(), in.sender(), in.recipient(),
          in.receivedFile(), null, "Received from gateway " + in.peerGatewayId() + ", verified and delivered to "
              + InboxDelivery.deliveredTo(in.recipient(), in.inbox()));
      audit.step(eu.mlagw.audit.AuditEventType.PACKAGE_DELIVERED, in.exchangeId(), in.sender(), in.recipient(), in.inbox(),
          in.metadata().packageSha256(), null, java.util.Map.of("to", InboxDelivery.deliveredTo(in.recipient(),
              in.inbox())));
      audit.step(eu.mlagw.audit.AuditEventType.EVIDENCE_ISSUED, in.exchangeId(), in.sender(), in.recipient(), in.inbox(),
          in.metadata().packageSha256(), null, java.util.Map.of("evidence", "Delivery"));
    }
    TransferReceipt receipt = TransferReceipt.accepted(in.exchangeId(), keys.config().gatewayId(),
        "verified and delivered to " + InboxDelivery.deliveredTo(in.recipient(), in.inbox()));
    try {
      receipt.setEvidence(Files.readAllBytes(evidence));
    } catch (java.io.IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the Delivery evidence " + evidence, e);
    }
    return receipt;
  }
}
