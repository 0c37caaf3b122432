package eu.mlagw.transport;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * Wire type of {@link PeerGateway#reportEvidence}: an evidence the recipient's gateway issued after
 * the delivery (e.g. Retrieval), sent back to the gateway of the exchange's sender. Small: the
 * evidence is inline (base64), not an attachment.
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "EvidenceReport", propOrder = {"exchangeId", "senderParticipant", "recipientParticipant",
    "reportingGateway", "evidence"})
public class EvidenceReport {
  @XmlElement(required = true)
  private String exchangeId;
  @XmlElement(required = true)
  private String senderParticipant;
  @XmlElement(required = true)
  private String recipientParticipant;
  @XmlElement(required = true)
  private String reportingGateway;
  @XmlElement(required = true)
  private byte[] evidence;

  public EvidenceReport() {}

  public EvidenceReport(String exchangeId, String senderParticipant, String recipientParticipant,
      String reportingGateway, byte[] evidence) {
    this.exchangeId = exchangeId;
    this.senderParticipant = senderParticipant;
    this.recipientParticipant = recipientParticipant;
    this.reportingGateway = reportingGateway;
    this.evidence = evidence == null ? null : evidence.clone();
  }

  public String getExchangeId() {
    return exchangeId;
  }

  public String getSenderParticipant() {
    return senderParticipant;
  }

  public String getRecipientParticipant() {
    return recipientParticipant;
  }

  public String getReportingGateway() {
    return reportingGateway;
  }

  public byte[] getEvidence() {
    return evidence == null ? null : evidence.clone();
  }
}
