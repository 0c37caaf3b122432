package eu.mlagw.transport;

import javax.xml.namespace.QName;

/** Names fixed by version 1 of the peer protocol; changing any of them breaks partners' clients. */
final class PeerProtocol {
  /** Target namespace of the service, its types and its fault subcodes. */
  static final String NAMESPACE = "urn:mlagw:peer:1";
  /** Path of the endpoint on a gateway's HTTPS listener. */
  static final String PATH = "/mlagw/peer";
  static final QName SERVICE = new QName(NAMESPACE, "PeerGatewayService");
  static final QName PORT = new QName(NAMESPACE, "PeerGatewayPort");
  /** JAX-WS binding id of SOAP 1.2 over HTTP. */
  static final String SOAP12_BINDING = "http://www.w3.org/2003/05/soap/bindings/HTTP/";
  /** Contextual property that turns MTOM on for a CXF client or endpoint. */
  static final String MTOM_ENABLED = "mtom-enabled";

  private PeerProtocol() {}

  /** The SOAP 1.2 fault subcode that carries a gateway reason code, e.g. {@code peer:PEER_UNTRUSTED}. */
  static QName faultSubcode(String reasonCode) {
    return new QName(NAMESPACE, reasonCode);
  }
}
