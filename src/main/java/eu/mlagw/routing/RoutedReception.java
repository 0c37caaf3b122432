package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.transport.PackageReceiver;
import eu.mlagw.transport.TransferMetadata;
import eu.mlagw.transport.TransferReceipt;
import java.nio.file.Path;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

/**
 * Hands each package the peer listener received to the {@code receiveFromPeer} route (in the
 * caller's thread, so the route's answer is the receipt) and turns a failure of any step into the
 * refusal the sender gets back, with the step's reason code. Transfers of the same exchange run one
 * after the other ({@link ExchangeLocks}).
 */
final class RoutedReception implements PackageReceiver {
  static final String ENDPOINT = "direct:receiveFromPeer";
  private final ProducerTemplate producer;
  private final ExchangeLocks locks;

  private final ExchangeAudit audit;
  private final RelayRejections rejections;

  RoutedReception(ProducerTemplate producer, ExchangeLocks locks, ExchangeAudit audit, RelayRejections rejections) {
    this.producer = producer;
    this.locks = locks;
    this.audit = audit;
    this.rejections = rejections;
  }

  @Override
  public TransferReceipt receive(TransferMetadata metadata, Path receivedFile, String peerGatewayId)
      throws GatewayException {
    // one transfer of an exchange at a time: a concurrent repeat waits, then finds it delivered
    try {
      return locks.withLock(metadata.exchangeId(), () -> route(metadata, receivedFile, peerGatewayId));
    } catch (GatewayException refused) {
      audit.step(eu.mlagw.audit.AuditEventType.EXCHANGE_FAILED, metadata.exchangeId(), metadata.senderParticipant(),
          metadata.recipientParticipant(), null, metadata.packageSha256(), refused.reason(),
          java.util.Map.of("refusedToGateway", peerGatewayId));
      if (refused.reason() == ReasonCode.PEER_UNREACHABLE) {
        throw refused; // not a refusal of the package: the sender retries
      }
      // a final refusal: the sender gets it signed (RelayRejection), to prove what was refused and why
      return rejections.refuse(metadata, receivedFile, refused);
    }
  }

  private TransferReceipt route(TransferMetadata metadata, Path receivedFile, String peerGatewayId)
      throws GatewayException {
    Object answer;
    try {
      answer = producer.requestBody(ENDPOINT, new Incoming(metadata, receivedFile, peerGatewayId, null));
    } catch (CamelExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (FatalErrors.fatalCause(cause) != null) { // out of memory is not the package's fault: never a refusal
        throw FatalErrors.fatalCause(cause); // CXF's FatalErrorEscalation halts the node; the sender retries
      }
      if (cause instanceof GatewayException) {
        throw (GatewayException) cause;
      }
      throw new GatewayException(ReasonCode.IO_ERROR, "receiving exchange " + metadata.exchangeId() + " failed: "
          + cause.getMessage(), cause);
    }
    if (!(answer instanceof TransferReceipt)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "the route receiveFromPeer ended with "
          + (answer == null ? "no body" : answer.getClass().getSimpleName()) + " instead of a receipt; its last step "
          + "must be peerReception.acknowledge (check routes/receive-from-peer.camel.yaml)");
    }
    return (TransferReceipt) answer;
  }
}
