package eu.mlagw.routing;

import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;

/**
 * The exchange policy of participants.yaml: may this sender send to this recipient, may the
 * recipient receive from this sender, and — for packages from a peer — is the sender really hosted
 * by the gateway that delivered it. Fails closed: anything not allowed throws before a package is
 * sealed (outgoing) or opened (incoming).
 */
public final class ExchangePolicy {
  private final Directory directory;
  private final ExchangeLifecycle lifecycle;

  public ExchangePolicy(Directory directory, ExchangeLifecycle lifecycle) {
    this.directory = directory;
    this.lifecycle = lifecycle;
  }

  /** The outgoing check (route step {@code policy}): returns the submission if it may go. */
  public Submission check(Submission s) throws GatewayException {
    ParticipantConfig sender = directory.participant(s.sender());
    ParticipantConfig recipient = directory.participant(s.recipient());
    if (!sender.maySendTo(recipient.id())) {
      throw denied(sender.id() + " may not send to " + recipient.id() + ": its maySendTo in participants.yaml is "
          + sender.maySendTo() + "; if this exchange is legitimate, ask IT staff to add " + recipient.id()
          + " (or " + recipient.country() + "-*) to it");
    }
    if (recipient.isHosted()) {
      requireMayReceive(recipient, sender.id());
    }
    lifecycle.recorded(s, eu.mlagw.audit.AuditEventType.POLICY_DECIDED, java.util.Map.of("decision", "allowed", "rule", "maySendTo " + sender.maySendTo()));
    return s;
  }

  /**
   * The incoming check for a package that {@code peerGatewayId} delivered: the sender must be a
   * participant that gateway hosts, the recipient one this gateway hosts, and the recipient's policy
   * must allow the sender.
   */
  public Incoming checkIncoming(Incoming in) throws GatewayException {
    lifecycle.recorded(in, eu.mlagw.audit.AuditEventType.PACKAGE_RECEIVED, java.util.Map.of("fromGateway", in.peerGatewayId(), "bytes",
            Long.toString(in.metadata().packageSize())));
    checkIncoming(in.sender(), in.recipient(), in.peerGatewayId());
    lifecycle.recorded(in, eu.mlagw.audit.AuditEventType.POLICY_DECIDED, java.util.Map.of("decision", "allowed", "direction", "incoming"));
    return in;
  }

  /** See {@link #checkIncoming(Incoming)}. */
  public void checkIncoming(String senderId, String recipientId, String peerGatewayId) throws GatewayException {
    if (!directory.isHostedByPeer(senderId, peerGatewayId)) {
      throw new GatewayException(ReasonCode.PEER_UNTRUSTED, "gateway " + peerGatewayId + " delivered a package from "
          + senderId + ", but participants.yaml of " + directory.gatewayId() + " says " + senderId + " is hosted by "
          + directory.hostingGateway(senderId).orElse("no gateway")
          + "; a gateway may only deliver for the participants it hosts");
    }
    ParticipantConfig recipient = directory.participant(recipientId);
    if (!recipient.isHosted()) {
      throw new GatewayException(ReasonCode.NO_ROUTE, recipientId + " is not hosted by gateway " + directory.gatewayId()
          + "; check the sending gateway's participants.yaml");
    }
    requireMayReceive(recipient, senderId);
  }

  private static void requireMayReceive(ParticipantConfig recipient, String senderId) throws GatewayException {
    if (!recipient.mayReceiveFrom(senderId)) {
      throw denied(recipient.id() + " does not receive from " + senderId + ": its mayReceiveFrom in participants.yaml "
          + "is " + recipient.mayReceiveFrom() + "; if this exchange is legitimate, the recipient's IT staff must add "
          + senderId + " to it");
    }
  }

  private static GatewayException denied(String message) {
    return new GatewayException(ReasonCode.POLICY_DENIED, message);
  }
}
