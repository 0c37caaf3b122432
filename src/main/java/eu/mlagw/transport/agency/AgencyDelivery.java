package eu.mlagw.transport.agency;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;

/**
 * The request of {@link AgencyInbox#deliver}: the exchange id (the same on every retry), sender and
 * recipient participants, the metadata in the agency's own XML format (as a string), handling codes
 * taken from the metadata (e.g. urgency, confidentiality), and the documents.
 *
 * <p>A mutable JAXB bean because the SOAP binding needs one.
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "AgencyDelivery", propOrder = {"exchangeId", "sender", "recipient", "metadata", "handlingCodes",
    "documents"})
public class AgencyDelivery {
  @XmlElement(required = true)
  private String exchangeId;
  @XmlElement(required = true)
  private String sender;
  @XmlElement(required = true)
  private String recipient;
  @XmlElement(required = true)
  private String metadata;
  @XmlElement(name = "handlingCode")
  private List<String> handlingCodes = new ArrayList<>();
  @XmlElement(name = "document")
  private List<AgencyDocument> documents = new ArrayList<>();

  /** Empty delivery, for JAXB. */
  public AgencyDelivery() {}

  /** The gateway's exchange id; the agency's idempotency key. */
  public String getExchangeId() {
    return exchangeId;
  }

  public void setExchangeId(String exchangeId) {
    this.exchangeId = exchangeId;
  }

  /** Participant id of the sender. */
  public String getSender() {
    return sender;
  }

  public void setSender(String sender) {
    this.sender = sender;
  }

  /** Participant id of the recipient (the agency). */
  public String getRecipient() {
    return recipient;
  }

  public void setRecipient(String recipient) {
    this.recipient = recipient;
  }

  /** The metadata document in the agency's XML format, as text. */
  public String getMetadata() {
    return metadata;
  }

  public void setMetadata(String metadata) {
    this.metadata = metadata;
  }

  /** Handling codes (live list), possibly empty. */
  public List<String> getHandlingCodes() {
    return handlingCodes;
  }

  /** The documents (live list), in order. */
  public List<AgencyDocument> getDocuments() {
    return documents;
  }
}
