package eu.mlagw.transport.agency;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.xml.bind.annotation.XmlElement;

/**
 * The agency delivery contract (version 1), implemented by an agency's system: one operation that
 * hands over one exchange. Document/literal wrapped, SOAP 1.2, documents as MTOM attachments. The
 * WSDL shipped in {@code wsdl/mlagw-agency-1.wsdl} describes exactly this interface (a test keeps
 * them equal).
 *
 * <p>The agency answers only after it has stored the exchange durably (or refused it): an
 * acknowledgement with {@code accepted=true} means it took over responsibility. The call is
 * repeated with the same exchange id after a failure; the agency must then answer with the
 * first acknowledgement and store nothing twice.
 */
@WebService(name = "AgencyInbox", targetNamespace = AgencyInbox.NAMESPACE)
public interface AgencyInbox {
  /** Target namespace of the service and its types. */
  String NAMESPACE = "urn:mlagw:agency:1";

  /** Delivers one exchange. */
  @WebMethod(operationName = "deliver")
  @WebResult(name = "acknowledgement", targetNamespace = AgencyInbox.NAMESPACE)
  @XmlElement(required = true)
  AgencyAcknowledgement deliver(@WebParam(name = "delivery", targetNamespace = AgencyInbox.NAMESPACE)
      @XmlElement(required = true) AgencyDelivery delivery);
}
