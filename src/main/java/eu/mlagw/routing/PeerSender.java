package eu.mlagw.routing;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.evidence.EvidenceVerifier;
import eu.mlagw.transport.PeerClient;
import eu.mlagw.transport.PeerEndpoint;
import eu.mlagw.transport.TransferMetadata;
import eu.mlagw.transport.TransferReceipt;
import java.time.Clock;

/**
 * The sender's side of a delivery: sends a sealed package to the peer gateway hosting its
 * recipient (SOAP over mutual TLS, see {@link PeerClient}), or takes the answer of this gateway's
 * own {@link Reception} for a recipient hosted here, and hands the outcome to the {@link
 * ExchangeLifecycle}: accepted → delivered with the returned Delivery evidence (verified first); a
 * final refusal → thrown with the peer's reason code, its signed RelayRejection kept; a refusal that
 * only says "not now" (busy, disk full) → thrown as such, and retried.
 */
public final class PeerSender {
  private final Directory directory;
  private final GatewayKeys keys;
  private final PeerClient client;
  private final ExchangeLifecycle lifecycle;
  private final Clock clock;

  public PeerSender(Directory directory, GatewayKeys keys, PeerClient client, ExchangeLifecycle lifecycle,
      Clock clock) {
    this.directory = directory;
    this.keys = keys;
    this.client = client;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /** True when the recipient is hosted by this gateway (the delivery route's choice). */
  public boolean isHostedHere(Submission s) throws GatewayException {
    return directory.isHostedHere(s.recipient());
  }

  public Submission send(Submission s) throws GatewayException {
    GatewayConfig.PeerConfig peer = directory.peerHosting(s.recipient()); // NO_ROUTE when no peer hosts it
    if (client == null) {
      throw new GatewayException(ReasonCode.NO_ROUTE, "this gateway has no peers configured (gateway.yaml peers)");
    }
    PeerEndpoint endpoint = new PeerEndpoint(peer.id(), peer.url(), KeyStoreFiles.readCertificate(peer.certificate()));
    TransferReceipt receipt = client.send(endpoint, TransferMetadata.forFile(s.exchangeId(), s.sender(), s.recipient(),
        directory.gatewayId(), s.packageFile()), s.packageFile());
    return outcome(s, peer.id(), true, receipt);
  }

  /** Files the answer of this gateway's own reception (a recipient hosted here). */
  public Submission fileLocal(Submission s, TransferReceipt receipt) throws GatewayException {
    return outcome(s, directory.gatewayId(), false, receipt);
  }

  private Submission outcome(Submission s, String gatewayId, boolean viaPeer, TransferReceipt receipt)
      throws GatewayException {
    if (!receipt.isAccepted()) {
      ReasonCode reason;
      try {
        reason = ReasonCode.valueOf(receipt.getReasonCode());
      } catch (RuntimeException e) {
        reason = ReasonCode.MALFORMED;
      }
      if (Failures.TRANSIENT.contains(reason)) {
        throw new GatewayException(reason, "gateway " + gatewayId + " cannot take it now: " + receipt.getMessage());
      }
      keepRelayRejection(s, receipt, gatewayId);
      throw new GatewayException(reason, "gateway " + gatewayId + " refused the package: " + receipt.getMessage());
    }
    byte[] delivery = receipt.getEvidence();
    if (delivery != null) {
      // kept only if its seal verifies and it speaks of this exchange
      EvidenceVerifier.VerifiedEvidence v = EvidenceVerifier.forGateway(keys)
          .verify(delivery, eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()));
      if (!v.evidence().exchangeId().equals(s.exchangeId()) || v.evidence().type() != EvidenceType.Delivery) {
        throw new GatewayException(ReasonCode.MALFORMED, "gateway " + gatewayId + " returned an evidence about "
            + v.evidence().type() + " of " + v.evidence().exchangeId() + " for exchange " + s.exchangeId());
      }
    }
    String said = receipt.getMessage() == null || receipt.getMessage().isBlank()
        ? "verified and delivered to " + s.recipient() : receipt.getMessage();
    return lifecycle.delivered(s, gatewayId, viaPeer, said, delivery);
  }

  /**
   * Files the peer's signed RelayRejection with the exchange (it goes to failed/ with it) — only if its
   * seal verifies and it is about this exchange; an unverifiable one is dropped with a warning (the
   * refusal itself still stands).
   */
  private void keepRelayRejection(Submission s, TransferReceipt receipt, String peerId) throws GatewayException {
    if (receipt.getEvidence() == null) {
      return;
    }
    try {
      EvidenceVerifier.VerifiedEvidence v = EvidenceVerifier.forGateway(keys).verify(receipt.getEvidence(),
          eu.mlagw.crypto.ValidationTime.receivedAt(clock.instant(), clock.instant()));
      if (v.evidence().type() != EvidenceType.RelayRejection || !v.evidence().exchangeId().equals(s.exchangeId())
          || !v.evidence().issuingGateway().equals(peerId)) {
        return;
      }
    } catch (GatewayException e) {
      org.slf4j.LoggerFactory.getLogger(PeerSender.class).warn("exchange {}: the RelayRejection of gateway {} does "
          + "not verify and is not kept: {}", s.exchangeId(), peerId, e.toString());
      return;
    }
    lifecycle.relayRejectionReceived(s, peerId, receipt.getEvidence());
  }
}
