package eu.mlagw.routing;

import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.OpenedPackage;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.ProgressListener;
import eu.mlagw.transport.TransferMetadata;
import eu.mlagw.transport.TransferReceipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The recipient's side of every delivery, for a package from a peer gateway and for one between two
 * participants hosted here alike: open → verify → render → release into {@code
 * inbox/EXCHANGE-ID/} (one atomic rename, recorded before it happens) → the Delivery evidence, which
 * is the answer to the sender. Idempotent per exchange id: a package already in the inbox is
 * acknowledged again with the same evidence, never delivered twice.
 */
public final class Reception {
  private final Directory directory;
  private final GatewayKeys keys;
  private final RecipientRendering rendering;
  private final ExchangeLifecycle lifecycle;
  private final Clock clock;

  public Reception(Directory directory, GatewayKeys keys, RecipientRendering rendering, ExchangeLifecycle lifecycle,
      Clock clock) {
    this.directory = directory;
    this.keys = keys;
    this.rendering = rendering;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /** A sealed exchange between two participants hosted here, as the recipient's side receives it. */
  public Incoming local(Submission s) throws GatewayException {
    TransferMetadata m = TransferMetadata.forFile(s.exchangeId(), s.sender(), s.recipient(), directory.gatewayId(),
        s.packageFile());
    return new Incoming(m, s.packageFile(), directory.gatewayId(), null);
  }

  /**
   * Verifies the package, renders it for the recipient (its profile's metadata and a cover sheet in
   * its language) and releases it into the inbox, unless it is there already.
   */
  public Incoming open(Incoming in) throws GatewayException {
    if (!directory.isHostedHere(in.recipient())) {
      throw new GatewayException(ReasonCode.NO_ROUTE, in.recipient() + " is not hosted by gateway "
          + directory.gatewayId());
    }
    Path inbox = lifecycle.folders().inbox(in.recipient()).resolve(in.exchangeId());
    if (Files.exists(inbox)) {
      lifecycle.duplicate(in, inbox);
      return in.withInbox(inbox);
    }
    PackageOpener.forGateway(keys, clock)
        .withValidationTime(eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()))
        .open(in.receivedFile(), in.recipient(), keys.encryptionCredential(in.recipient()), inbox,
            ProgressListener.NONE, (opened, staging) -> {
              isAnnounced(opened, in);
              rendering.prepare(opened, staging, in.recipient());
              lifecycle.verified(in, staging); // recorded before the release rename
            });
    lifecycle.released(in, inbox);
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

  /** The Delivery evidence (issued once) in the receipt that answers the sender. */
  public TransferReceipt acknowledge(Incoming in) throws GatewayException {
    String where = deliveredTo(in.recipient(), in.inbox());
    Path evidence = lifecycle.deliveredToRecipient(in, where);
    TransferReceipt receipt = TransferReceipt.accepted(in.exchangeId(), directory.gatewayId(),
        "verified and delivered to " + where);
    try {
      receipt.setEvidence(Files.readAllBytes(evidence));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the Delivery evidence of " + in.exchangeId(), e);
    }
    return receipt;
  }

  /** "the inbox of X", or the system it was pushed to with that system's reference. */
  static String deliveredTo(String recipient, Path inbox) {
    String reference = RecipientSystems.reference(inbox);
    return reference == null ? "the inbox of " + recipient
        : "the system of " + recipient + (reference.isEmpty() ? "" : " (its reference " + reference + ")");
  }
}
