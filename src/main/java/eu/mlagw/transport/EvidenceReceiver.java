package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;

/**
 * What a {@link PeerServer} hands evidences reported by peers to (the routing layer files them with
 * the sender's exchange). Called with the authenticated peer's gateway id; throws to refuse (the
 * reason code goes back in the receipt).
 */
@FunctionalInterface
public interface EvidenceReceiver {
  /** Refuses every report: for a listener that takes packages only. */
  EvidenceReceiver NONE = (report, peer) -> {
    throw new GatewayException(eu.mlagw.error.ReasonCode.NO_ROUTE, "this gateway takes no evidence reports");
  };

  void receive(EvidenceReport report, String peerGatewayId) throws GatewayException;
}
