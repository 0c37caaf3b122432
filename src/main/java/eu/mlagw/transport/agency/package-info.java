/**
 * The agency delivery contract, version 1 ({@code wsdl/mlagw-agency-1.wsdl}): the code-first SEI
 * {@link eu.mlagw.transport.agency.AgencyInbox} and its wire types, in namespace
 * {@code urn:mlagw:agency:1}. An agency implements the service; the gateway's
 * {@link eu.mlagw.transport.AgencyClient} calls it and {@link eu.mlagw.transport.AgencyEndpointSimulator}
 * implements it for tests and the demo.
 */
@XmlSchema(namespace = AgencyInbox.NAMESPACE, elementFormDefault = XmlNsForm.QUALIFIED)
package eu.mlagw.transport.agency;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
