package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The answer of {@link PeerGateway#deliver}: accepted, or refused with a stable reason code (one of
 * {@link eu.mlagw.error.ReasonCode}'s names) and a message for the sending gateway's operator.
 *
 * <p>A mutable JAXB bean because the SOAP binding needs one; use the factories to make one.
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "TransferReceipt", propOrder = {"exchangeId", "accepted", "reasonCode", "message",
    "receivingGateway", "evidence"})
public class TransferReceipt {
  @XmlElement(required = true)
  private String exchangeId;
  private boolean accepted;
  private String reasonCode;
  private String message;
  @XmlElement(required = true)
  private String receivingGateway;
  /** The receiving gateway's signed evidence (CMS SignedData, DER) about this transfer, if it issued one. */
  private byte[] evidence;

  /** Empty receipt, for JAXB. */
  public TransferReceipt() {}

  /** A receipt saying the package was taken over. */
  public static TransferReceipt accepted(String exchangeId, String receivingGateway, String message) {
    TransferReceipt r = new TransferReceipt();
    r.exchangeId = exchangeId;
    r.accepted = true;
    r.message = message;
    r.receivingGateway = receivingGateway;
    return r;
  }

  /** A receipt saying the package was refused, carrying the reason code and message of {@code why}. */
  public static TransferReceipt refused(String exchangeId, String receivingGateway, GatewayException why) {
    TransferReceipt r = new TransferReceipt();
    r.exchangeId = exchangeId;
    r.accepted = false;
    r.reasonCode = why.reason().name();
    r.message = why.getMessage();
    r.receivingGateway = receivingGateway;
    return r;
  }

  /** The exchange id of the transfer this receipt answers. */
  public String getExchangeId() {
    return exchangeId;
  }

  public void setExchangeId(String exchangeId) {
    this.exchangeId = exchangeId;
  }

  /** True when the receiving gateway took responsibility for the package. */
  public boolean isAccepted() {
    return accepted;
  }

  public void setAccepted(boolean accepted) {
    this.accepted = accepted;
  }

  /** Name of a {@link eu.mlagw.error.ReasonCode} when refused; null when accepted. */
  public String getReasonCode() {
    return reasonCode;
  }

  public void setReasonCode(String reasonCode) {
    this.reasonCode = reasonCode;
  }

  /** Human-readable detail for the sending gateway's operator (may be null). */
  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  /** Gateway id of the gateway that wrote this receipt. */
  public String getReceivingGateway() {
    return receivingGateway;
  }

  public byte[] getEvidence() {
    return evidence == null ? null : evidence.clone();
  }

  public void setEvidence(byte[] evidence) {
    this.evidence = evidence == null ? null : evidence.clone();
  }

  public void setReceivingGateway(String receivingGateway) {
    this.receivingGateway = receivingGateway;
  }

  @Override
  public String toString() {
    return "TransferReceipt[" + exchangeId + (accepted ? " accepted" : " refused " + reasonCode) + " by "
        + receivingGateway + (message == null ? "" : ": " + message) + "]";
  }
}
