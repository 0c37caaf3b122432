package eu.mlagw.transport.agency;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The answer of {@link AgencyInbox#deliver}: accepted (then {@code reference} is the agency's own
 * registry number) or refused (then {@code reasonCode}, e.g. DIGEST_MISMATCH, and a
 * {@code message} for the gateway's operator say why).
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "AgencyAcknowledgement", propOrder = {"accepted", "reference", "reasonCode", "message"})
public class AgencyAcknowledgement {
  private boolean accepted;
  private String reference;
  private String reasonCode;
  private String message;

  /** Empty acknowledgement, for JAXB. */
  public AgencyAcknowledgement() {}

  /** An acknowledgement with every field set. */
  public static AgencyAcknowledgement of(boolean accepted, String reference, String reasonCode, String message) {
    AgencyAcknowledgement a = new AgencyAcknowledgement();
    a.accepted = accepted;
    a.reference = reference;
    a.reasonCode = reasonCode;
    a.message = message;
    return a;
  }

  public boolean isAccepted() {
    return accepted;
  }

  public void setAccepted(boolean accepted) {
    this.accepted = accepted;
  }

  public String getReference() {
    return reference;
  }

  public void setReference(String reference) {
    this.reference = reference;
  }

  public String getReasonCode() {
    return reasonCode;
  }

  public void setReasonCode(String reasonCode) {
    this.reasonCode = reasonCode;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public String toString() {
    return (accepted ? "accepted, reference " + reference : "refused (" + reasonCode + "): " + message);
  }
}
