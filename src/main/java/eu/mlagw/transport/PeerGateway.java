package eu.mlagw.transport;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.xml.bind.annotation.XmlElement;

/**
 * The contract between gateways (version 1): one operation that hands over a sealed package.
 * Document/literal wrapped, SOAP 1.2, the package as an MTOM attachment. The WSDL shipped in
 * {@code wsdl/mlagw-peer-1.wsdl} describes exactly this interface (a test keeps them equal).
 *
 * <p>A refusal that concerns the package (size, SHA-256, the receiver's own checks) comes back as a
 * receipt with {@code accepted=false}; a caller that is not a configured peer gets a SOAP fault
 * with subcode {@code PEER_UNTRUSTED} instead and its package is never read.
 */
@WebService(name = "PeerGateway", targetNamespace = PeerProtocol.NAMESPACE)
public interface PeerGateway {

  /**
   * Delivers one package. The receiver answers only after it has stored the package durably (or
   * refused it), so an accepted receipt means the receiving gateway took responsibility for it.
   */
  @WebMethod(operationName = "deliver")
  @WebResult(name = "receipt", targetNamespace = PeerProtocol.NAMESPACE)
  @XmlElement(required = true)
  TransferReceipt deliver(@WebParam(name = "transfer", targetNamespace = PeerProtocol.NAMESPACE)
      @XmlElement(required = true) PackageTransfer transfer);

  /**
   * Reports an evidence the recipient's gateway issued after delivery (e.g. Retrieval) to the
   * gateway of the exchange's sender, which verifies its seal and files it with the exchange.
   */
  @WebMethod(operationName = "reportEvidence")
  @WebResult(name = "receipt", targetNamespace = PeerProtocol.NAMESPACE)
  @XmlElement(required = true)
  TransferReceipt reportEvidence(@WebParam(name = "report", targetNamespace = PeerProtocol.NAMESPACE)
      @XmlElement(required = true) EvidenceReport report);
}
