package eu.mlagw.transport.agency;

import jakarta.activation.DataHandler;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlMimeType;
import jakarta.xml.bind.annotation.XmlType;

/**
 * One document of an {@link AgencyDelivery}: file name, media type, SHA-256 (64 hex digits) and
 * size as declared by the gateway, and the bytes as an MTOM attachment (streamed: readable once).
 * The agency checks the bytes against the declared size and SHA-256.
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "AgencyDocument", propOrder = {"name", "mediaType", "sha256", "size", "content"})
public class AgencyDocument {
  @XmlElement(required = true)
  private String name;
  @XmlElement(required = true)
  private String mediaType;
  @XmlElement(required = true)
  private String sha256;
  private long size;
  @XmlElement(required = true)
  @XmlMimeType("application/octet-stream")
  private DataHandler content;

  /** Empty document, for JAXB. */
  public AgencyDocument() {}

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getMediaType() {
    return mediaType;
  }

  public void setMediaType(String mediaType) {
    this.mediaType = mediaType;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public long getSize() {
    return size;
  }

  public void setSize(long size) {
    this.size = size;
  }

  public DataHandler getContent() {
    return content;
  }

  public void setContent(DataHandler content) {
    this.content = content;
  }
}
