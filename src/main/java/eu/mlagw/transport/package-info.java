/**
 * The peer protocol between gateways: SOAP 1.2 with the package as an MTOM attachment, over HTTPS
 * with mutual TLS. {@link eu.mlagw.transport.PeerServer} receives, {@link eu.mlagw.transport.PeerClient}
 * sends, and {@link eu.mlagw.transport.PeerGateway} is the contract, shipped as
 * {@code wsdl/mlagw-peer-1.wsdl} so that partners can build their own clients.
 *
 * <p>Trust is pinned on both sides: a call is accepted only from a peer whose TLS certificate is
 * exactly the one configured for it, and a package is sent only to a server whose certificate is
 * exactly the one configured for that peer. Chaining to a trusted root is necessary but never
 * sufficient. Packages are streamed (never held in memory) and checked against their declared size
 * and SHA-256 before anyone else sees them.
 *
 * <p>Delivery channels push what was released for a hosted participant to its own system:
 * {@link eu.mlagw.transport.CaseSystemClient} (REST, one multipart POST, contract
 * {@code openapi/mlagw-case-system-push-1.yaml}) and {@link eu.mlagw.transport.AgencyClient}
 * (SOAP 1.2 + MTOM, contract {@code wsdl/mlagw-agency-1.wsdl}, SEI in
 * {@code eu.mlagw.transport.agency}), both taking a {@link eu.mlagw.transport.PushedExchange} and a
 * pinned {@link eu.mlagw.transport.PushEndpoint}; {@link eu.mlagw.transport.CaseSystemSimulator}
 * and {@link eu.mlagw.transport.AgencyEndpointSimulator} are reference receivers for tests and
 * the demo.
 *
 * <p>This is the only package that imports Apache CXF.
 */
@XmlSchema(namespace = PeerProtocol.NAMESPACE, elementFormDefault = XmlNsForm.QUALIFIED)
package eu.mlagw.transport;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
