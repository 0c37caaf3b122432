package eu.mlagw.transport;

import jakarta.activation.DataHandler;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlMimeType;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The request of {@link PeerGateway#deliver}: who sends what to whom, the declared size and
 * SHA-256 of the package, and the package itself as an MTOM attachment.
 *
 * <p>A mutable JAXB bean because the SOAP binding needs one; code outside this package works with
 * {@link TransferMetadata}. The declared values are claims of the sender: the receiving side checks
 * the received bytes against them before anyone else sees the package.
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "PackageTransfer", propOrder = {"exchangeId", "senderParticipant", "recipientParticipant",
    "senderGateway", "packageSha256", "packageSize", "content"})
public class PackageTransfer {
  @XmlElement(required = true)
  private String exchangeId;
  @XmlElement(required = true)
  private String senderParticipant;
  @XmlElement(required = true)
  private String recipientParticipant;
  @XmlElement(required = true)
  private String senderGateway;
  @XmlElement(required = true)
  private String packageSha256;
  private long packageSize;
  @XmlElement(required = true)
  @XmlMimeType("application/octet-stream")
  private DataHandler content;

  /** Empty transfer, for JAXB. */
  public PackageTransfer() {}

  /** The gateway's id of the exchange this package belongs to (the same on retries). */
  public String getExchangeId() {
    return exchangeId;
  }

  public void setExchangeId(String exchangeId) {
    this.exchangeId = exchangeId;
  }

  /** Participant (e.g. prosecutor's office) that sealed the package. */
  public String getSenderParticipant() {
    return senderParticipant;
  }

  public void setSenderParticipant(String senderParticipant) {
    this.senderParticipant = senderParticipant;
  }

  /** Participant the package is for, hosted by the receiving gateway. */
  public String getRecipientParticipant() {
    return recipientParticipant;
  }

  public void setRecipientParticipant(String recipientParticipant) {
    this.recipientParticipant = recipientParticipant;
  }

  /** Gateway id of the sender; must be the id its TLS certificate is configured under. */
  public String getSenderGateway() {
    return senderGateway;
  }

  public void setSenderGateway(String senderGateway) {
    this.senderGateway = senderGateway;
  }

  /** SHA-256 of the package bytes, 64 hex digits (either case). */
  public String getPackageSha256() {
    return packageSha256;
  }

  public void setPackageSha256(String packageSha256) {
    this.packageSha256 = packageSha256;
  }

  /** Size of the package in bytes. */
  public long getPackageSize() {
    return packageSize;
  }

  public void setPackageSize(long packageSize) {
    this.packageSize = packageSize;
  }

  /** The package bytes (MTOM attachment); streamed, so it can be read once only. */
  public DataHandler getContent() {
    return content;
  }

  public void setContent(DataHandler content) {
    this.content = content;
  }
}
