package eu.mlagw.transport;

import eu.mlagw.error.ReasonCode;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.AttachmentInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a request only if the client certificate of its TLS session is exactly one of the
 * configured peers' certificates, and records which peer it is under {@link #PEER_GATEWAY_ID}.
 *
 * <p>Runs first (RECEIVE phase, before attachments are parsed), so a refused caller's package is
 * never read, and on every request, including {@code ?wsdl}. The TLS layer has already checked that
 * the chain leads to a trusted root; that alone admits nobody.
 */
final class PeerAuthenticationInterceptor extends AbstractPhaseInterceptor<Message> {
  /** Message key of the authenticated peer's gateway id (a String). */
  static final String PEER_GATEWAY_ID = "eu.mlagw.transport.peerGatewayId";
  private static final Logger LOG = LoggerFactory.getLogger(PeerAuthenticationInterceptor.class);
  private final ExpectedPeers peers;
  private final String gatewayId;

  PeerAuthenticationInterceptor(ExpectedPeers peers, String gatewayId) {
    super(Phase.RECEIVE);
    addBefore(AttachmentInInterceptor.class.getName());
    this.peers = peers;
    this.gatewayId = gatewayId;
  }

  @Override
  public void handleMessage(Message message) {
    X509Certificate presented = clientCertificate(message);
    Optional<String> peer = presented == null ? Optional.empty() : peers.identify(presented);
    if (peer.isEmpty()) {
      LOG.warn("refused a peer call: the client's TLS certificate ({}) is not configured for any peer gateway",
          Certificates.describe(presented));
      throw untrusted(refusal(gatewayId, presented));
    }
    message.put(PEER_GATEWAY_ID, peer.get());
  }

  /** Why {@code presented} is refused by gateway {@code gatewayId}, and what to do. */
  static String refusal(String gatewayId, X509Certificate presented) {
    return "gateway " + gatewayId + " does not accept the TLS certificate " + Certificates.describe(presented)
        + ": it is not the certificate configured for any of its peers; the operators of both gateways must "
        + "exchange the current TLS certificates";
  }

  private static X509Certificate clientCertificate(Message message) {
    TLSSessionInfo tls = message.get(TLSSessionInfo.class);
    Certificate[] chain = tls == null ? null : tls.getPeerCertificates();
    if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
      return null;
    }
    return (X509Certificate) chain[0];
  }

  /** A SOAP 1.2 Sender fault whose subcode names the reason code, which {@link PeerClient} reads. */
  static SoapFault untrusted(String text) {
    SoapFault fault = new SoapFault(text, Soap12.getInstance().getSender());
    fault.addSubCode(PeerProtocol.faultSubcode(ReasonCode.PEER_UNTRUSTED.name()));
    return fault;
  }
}
