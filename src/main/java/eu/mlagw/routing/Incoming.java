package eu.mlagw.routing;

import eu.mlagw.transport.TransferMetadata;
import java.nio.file.Path;

/**
 * A package a peer gateway delivered, as it travels through the {@code receiveFromPeer} route:
 * what the peer declared, the received file (deleted by the transport when the route returns), the
 * authenticated peer, and — once opened — the recipient's inbox folder for this exchange.
 */
public record Incoming(TransferMetadata metadata, Path receivedFile, String peerGatewayId, Path inbox) {
  public String exchangeId() {
    return metadata.exchangeId();
  }

  public String sender() {
    return metadata.senderParticipant();
  }

  public String recipient() {
    return metadata.recipientParticipant();
  }

  Incoming withInbox(Path folder) {
    return new Incoming(metadata, receivedFile, peerGatewayId, folder);
  }
}
