package eu.mlagw.routing;

import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Delivers a sealed package to a recipient hosted by this gateway: verifies it completely and
 * releases it into {@code ROOT/RECIPIENT/inbox/EXCHANGE-ID/} in one atomic rename (see
 * {@link PackageOpener}). Idempotent: an exchange already in the inbox is not delivered twice.
 */
public final class InboxDelivery {
  private final GatewayKeys keys;
  private final RecipientRendering rendering;
  private final SenderReceipts receipts;
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;

  private final ExchangeAudit audit;

  public InboxDelivery(GatewayKeys keys, RecipientRendering rendering, SenderReceipts receipts, DropFolders folders,
      EvidenceIssuer evidences, ExchangeAudit audit, Clock clock) {
    this.keys = keys;
    this.audit = audit;
    this.receipts = receipts;
    this.rendering = rendering;
    this.folders = folders;
    this.evidences = evidences;
    this.clock = clock;
  }

  /** Verifies the package and releases it into the recipient's inbox (unless it is there already). */
  public Submission release(Submission s) throws GatewayException {
    if (!keys.participant(s.recipient()).isHosted()) {
      throw new GatewayException(ReasonCode.NO_ROUTE, s.recipient() + " is not hosted by this gateway and "
          + "sending to other gateways is not configured yet; check the recipient id");
    }
    Path inbox = folders.inbox(s.recipient()).resolve(s.exchangeId());
    if (!Files.exists(inbox)) {
      PackageOpener.forGateway(keys, clock)
          .withValidationTime(eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()))
          .open(s.packageFile(), s.recipient(), keys.encryptionCredential(s.recipient()), inbox, ProgressListener.NONE,
              (opened, staging) -> rendering.prepare(opened, staging, s.recipient()));
      audit.step(eu.mlagw.audit.AuditEventType.PACKAGE_VERIFIED, s.exchangeId(), s.sender(), s.recipient(), inbox,
          PackageDigest.of(s.packageFile()), null, java.util.Map.of("released", "inbox"));
    }
    return s;
  }

  /** Issues (once) the Delivery evidence and files the exchange under the sender's sent/. */
  public Submission complete(Submission s) throws GatewayException {
    Path inbox = folders.inbox(s.recipient()).resolve(s.exchangeId());
    String where = deliveredTo(s.recipient(), inbox);
    // a node stopped after this evidence but before filing under sent/ must not issue a second one
    Path evidence = evidences.find(s.workDir(), EvidenceType.Delivery);
    if (evidence == null) {
      evidence = evidences.issue(s.workDir(), EvidenceType.Delivery, s.exchangeId(), s.sender(), s.recipient(),
          s.packageFile(), null, "Verified and delivered to " + where);
      String digest = PackageDigest.of(s.packageFile());
      audit.step(eu.mlagw.audit.AuditEventType.PACKAGE_DELIVERED, s.exchangeId(), s.sender(), s.recipient(), inbox, digest, null,
          java.util.Map.of("to", where));
      audit.step(eu.mlagw.audit.AuditEventType.EVIDENCE_ISSUED, s.exchangeId(), s.sender(), s.recipient(), inbox, digest, null,
          java.util.Map.of("evidence", "Delivery"));
    }
    try {
      StatusFiles.append(s.workDir(), s, "DELIVERED", "Delivered, verified, to " + where
          + "; evidence " + evidence.getFileName(), clock.instant());
      receipts.write(s.workDir(), s);
      Files.move(s.workDir(), folders.sent(s.sender()).resolve(s.exchangeId()),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "delivered " + s.exchangeId() + " but cannot file it under "
          + "sent/: " + e.getMessage(), e);
    }
    return s;
  }

  /** "the inbox of X", or the system it was pushed to with that system's reference. */
  static String deliveredTo(String recipient, Path inbox) {
    String reference = RecipientSystems.reference(inbox);
    return reference == null ? "the inbox of " + recipient
        : "the system of " + recipient + (reference.isEmpty() ? "" : " (its reference " + reference + ")");
  }
}
