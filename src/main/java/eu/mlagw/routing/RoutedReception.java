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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoutedReception.class);
  private final ProducerTemplate producer;
  private final ExchangeLocks locks;
  private final ExchangeLifecycle lifecycle;
  private final String gatewayId;

  private final NodeStop stop;

  RoutedReception(ProducerTemplate producer, ExchangeLocks locks, ExchangeLifecycle lifecycle, String gatewayId,
      NodeStop stop) {
    this.stop = stop;
    this.producer = producer;
    this.locks = locks;
    this.lifecycle = lifecycle;
    this.gatewayId = gatewayId;
  }

  @Override
  public TransferReceipt receive(TransferMetadata metadata, Path receivedFile, String peerGatewayId)
      throws GatewayException {
    // one transfer of an exchange at a time: a concurrent repeat waits, then finds it delivered
    try {
      return locks.withLock(metadata.exchangeId(), () -> route(metadata, receivedFile, peerGatewayId));
    } catch (GatewayException refused) {
      if (stop.stopping()) {
        throw stopping(metadata, refused);
      }
      if (Failures.isTransient(refused)) {
        // not a refusal of the package (busy, disk full, the node stopping): the sender retries. What
        // it is told names no folder or file of this gateway.
        OperatorLog.warn(LOG, refused, "exchange {}: cannot take it now, the sender will retry: {}",
            metadata.exchangeId(), OperatorLog.line(refused));
        lifecycle.notTakenNow(metadata, peerGatewayId, refused);
        throw new GatewayException(refused.reason(), "gateway " + gatewayId + " cannot take exchange "
            + metadata.exchangeId() + " now (" + (refused.reason() == ReasonCode.BUSY ? "busy" : "a local problem its "
            + "operator sees in its log") + "); the sending gateway will try again");
      }
      // a final refusal: the sender gets it signed (RelayRejection), to prove what was refused and why
      OperatorLog.warn(LOG, refused, "exchange {}: refused the package from gateway {}: {}", metadata.exchangeId(),
          peerGatewayId, OperatorLog.line(refused));
      TransferReceipt receipt = TransferReceipt.refused(metadata.exchangeId(), gatewayId, refused);
      try {
        receipt.setEvidence(java.nio.file.Files.readAllBytes(lifecycle.refused(metadata, peerGatewayId, refused)));
      } catch (java.io.IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the RelayRejection of " + metadata.exchangeId(), e);
      }
      return receipt;
    } catch (RuntimeException e) {
      if (stop.stopping()) {
        throw stopping(metadata, e); // e.g. the Camel context refusing work while it stops
      }
      throw e;
    }
  }

  /** Failing because this node stops is no refusal of the package: the sender retries ({@link NodeStop}). */
  private static GatewayException stopping(TransferMetadata metadata, Exception cause) {
    return new GatewayException(ReasonCode.PEER_UNREACHABLE, "the receiving gateway is stopping; exchange "
        + metadata.exchangeId() + " will be accepted when it runs again", cause);
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
          + Failures.describe(cause), cause);
    }
    if (!(answer instanceof TransferReceipt)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "the route receiveFromPeer ended with "
          + (answer == null ? "no body" : answer.getClass().getSimpleName()) + " instead of a receipt; its last step "
          + "must be reception.acknowledge (check routes/receive-from-peer.camel.yaml)");
    }
    return (TransferReceipt) answer;
  }
}
