package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import jakarta.xml.ws.WebServiceException;
import java.nio.file.Path;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of {@link PeerGateway}: checks, streams to disk, verifies, hands over, answers.
 *
 * <p>Every refusal about the package is a receipt with {@code accepted=false}; only unexpected
 * runtime failures become SOAP faults (which the client reports as retryable).
 */
final class PeerGatewayEndpoint implements PeerGateway {
  private static final Logger LOG = LoggerFactory.getLogger(PeerGatewayEndpoint.class);
  private final String gatewayId;
  private final PackageReceiver receiver;
  private final PackageSink sink;
  private final long maxPackageSize;

  private final EvidenceReceiver evidenceReceiver;

  PeerGatewayEndpoint(String gatewayId, PackageReceiver receiver, EvidenceReceiver evidenceReceiver, PackageSink sink,
      long maxPackageSize) {
    this.evidenceReceiver = evidenceReceiver;
    this.gatewayId = gatewayId;
    this.receiver = receiver;
    this.sink = sink;
    this.maxPackageSize = maxPackageSize;
  }

  @Override
  public TransferReceipt deliver(PackageTransfer transfer) {
    String exchangeId = transfer == null ? null : transfer.getExchangeId();
    try {
      String peer = authenticatedPeer();
      TransferMetadata metadata = checkedMetadata(transfer, peer);
      TransferReceipt receipt = receiveAndHandOver(transfer, metadata, peer);
      if (receipt.isAccepted()) {
        LOG.info("exchange {}: package of {} bytes from gateway {} accepted", metadata.exchangeId(),
            metadata.packageSize(), peer);
      } else { // the receiver logged its refusal, with the reason
        LOG.debug("exchange {}: package from gateway {} refused ({})", metadata.exchangeId(), peer,
            receipt.getReasonCode());
      }
      return receipt;
    } catch (ReceiverRefusal e) { // the receiver logged why it cannot take the package now
      return TransferReceipt.refused(exchangeId, gatewayId, e.refusal);
    } catch (GatewayException e) {
      LOG.warn("exchange {}: refused a transfer: {}", exchangeId, e.toString());
      return TransferReceipt.refused(exchangeId, gatewayId, e);
    }
  }

  @Override
  public TransferReceipt reportEvidence(EvidenceReport report) {
    String exchangeId = report == null ? null : report.getExchangeId();
    try {
      String peer = authenticatedPeer();
      if (report == null || report.getEvidence() == null || exchangeId == null) {
        throw new GatewayException(ReasonCode.MALFORMED, "the report carries no exchange id or no evidence");
      }
      if (!peer.equals(report.getReportingGateway())) {
        throw new GatewayException(ReasonCode.PEER_UNTRUSTED, "the report names gateway '" + report.getReportingGateway()
            + "' but the TLS certificate is the one configured for gateway '" + peer + "'");
      }
      evidenceReceiver.receive(report, peer);
      LOG.info("exchange {}: evidence from gateway {} filed", exchangeId, peer);
      return TransferReceipt.accepted(exchangeId, gatewayId, "evidence filed with the exchange");
    } catch (GatewayException e) {
      LOG.warn("exchange {}: refused an evidence report: {}", exchangeId, e.toString());
      return TransferReceipt.refused(exchangeId, gatewayId, e);
    }
  }

  private TransferMetadata checkedMetadata(PackageTransfer transfer, String peer) throws GatewayException {
    if (transfer == null) {
      throw new GatewayException(ReasonCode.MALFORMED, "the request carries no transfer");
    }
    TransferMetadata metadata = TransferMetadata.fromWire(transfer);
    if (!metadata.senderGateway().equals(peer)) {
      throw new GatewayException(ReasonCode.PEER_UNTRUSTED, "the transfer names gateway '" + metadata.senderGateway()
          + "' as its sender but the TLS certificate is the one configured for gateway '" + peer
          + "'; a gateway may only send in its own name");
    }
    if (metadata.packageSize() > maxPackageSize) {
      throw new GatewayException(ReasonCode.TOO_LARGE, "the package of " + metadata.packageSize()
          + " bytes exceeds the limit of " + maxPackageSize + " bytes of gateway " + gatewayId);
    }
    return metadata;
  }

  private TransferReceipt receiveAndHandOver(PackageTransfer transfer, TransferMetadata metadata, String peer)
      throws GatewayException {
    Path file = sink.receive(transfer.getContent(), metadata);
    try {
      TransferReceipt receipt = callReceiver(metadata, file, peer);
      if (receipt == null) {
        receipt = TransferReceipt.accepted(metadata.exchangeId(), gatewayId, null);
      }
      // The receiver may not know these; the sender relies on them, so the server fixes them.
      receipt.setExchangeId(metadata.exchangeId());
      receipt.setReceivingGateway(gatewayId);
      if (receipt.isAccepted()) {
        receipt.setReasonCode(null);
      }
      return receipt;
    } finally {
      PackageSink.delete(file);
    }
  }

  /** A refusal the {@link PackageReceiver} made (and logged): passed on to the sender without a second log line. */
  private static final class ReceiverRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient GatewayException refusal;

    ReceiverRefusal(GatewayException refusal) {
      super(null, null, false, false);
      this.refusal = refusal;
    }
  }

  private TransferReceipt callReceiver(TransferMetadata metadata, Path file, String peer) throws GatewayException {
    try {
      return receiver.receive(metadata, file, peer);
    } catch (GatewayException e) {
      throw new ReceiverRefusal(e);
    } catch (RuntimeException e) {
      // A bug or an unexpected condition here, not the sender's fault: log it fully, and answer
      // with a SOAP fault (which the sender reports as retryable) that reveals nothing internal.
      LOG.error("exchange {}: the package receiver failed unexpectedly", metadata.exchangeId(), e);
      throw new WebServiceException("gateway " + gatewayId + " failed to process exchange " + metadata.exchangeId()
          + "; its operator finds the cause in its log");
    }
  }

  /** The peer the authentication interceptor admitted; refusing here too guards against a mis-wired chain. */
  private static String authenticatedPeer() throws GatewayException {
    Message message = PhaseInterceptorChain.getCurrentMessage();
    Object peer = message == null ? null : message.get(PeerAuthenticationInterceptor.PEER_GATEWAY_ID);
    if (!(peer instanceof String)) {
      throw new GatewayException(ReasonCode.PEER_UNTRUSTED, "the caller was not authenticated as a configured peer");
    }
    return (String) peer;
  }
}
