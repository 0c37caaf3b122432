package eu.mlagw.transport;

import javax.xml.namespace.QName;

/** Names fixed by version 1 of the agency delivery contract ({@code wsdl/mlagw-agency-1.wsdl}). */
final class AgencyProtocol {
  static final String NAMESPACE = eu.mlagw.transport.agency.AgencyInbox.NAMESPACE;
  /** Path of the endpoint on the agency simulator (a real agency may use any path). */
  static final String PATH = "/agency/inbox";
  static final QName SERVICE = new QName(NAMESPACE, "AgencyInboxService");
  static final QName PORT = new QName(NAMESPACE, "AgencyInboxPort");

  private AgencyProtocol() {}
}
