package eu.mlagw.pkg;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The minimal canonical metadata carried as {@code metadata.xml} in every package (namespace
 * {@code urn:mlagw:metadata:1}): package id, sender, recipients, creation time, optional subject, and
 * the documents with their media types and sizes. It is listed in the signed manifest, so it is
 * sealed like the documents. The metadata issue grows this into the full MLA request model.
 */
public record PackageMetadata(
    String packageId, String sender, List<String> recipients, Instant created, String subject,
    List<Document> documents) {
  public static final String ENTRY = "metadata.xml";
  static final String NS = "urn:mlagw:metadata:1";

  /** A document: its container entry name (under documents/), media type and size. */
  public record Document(String name, String mediaType, long size) {}

  public PackageMetadata {
    recipients = List.copyOf(recipients);
    documents = List.copyOf(documents);
    subject = subject == null ? "" : subject;
  }

  public byte[] toXml() {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    b.append("<Metadata xmlns=\"").append(NS).append("\" version=\"1\">\n");
    b.append("  <PackageId>").append(SafeXml.escape(packageId)).append("</PackageId>\n");
    b.append("  <Sender>").append(SafeXml.escape(sender)).append("</Sender>\n");
    for (String r : recipients) {
      b.append("  <Recipient>").append(SafeXml.escape(r)).append("</Recipient>\n");
    }
    b.append("  <Created>").append(created).append("</Created>\n");
    if (!subject.isEmpty()) {
      b.append("  <Subject>").append(SafeXml.escape(subject)).append("</Subject>\n");
    }
    for (Document d : documents) {
      b.append("  <Document name=\"").append(SafeXml.escape(d.name())).append("\" mediaType=\"")
          .append(SafeXml.escape(d.mediaType())).append("\" size=\"").append(d.size()).append("\"/>\n");
    }
    b.append("</Metadata>\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** @throws GatewayException MALFORMED naming the missing or invalid field */
  public static PackageMetadata parse(byte[] xml) throws GatewayException {
    Element root = SafeXml.parse(xml, ENTRY).getDocumentElement();
    if (!NS.equals(root.getNamespaceURI()) || !"Metadata".equals(root.getLocalName())) {
      throw malformed("root element must be Metadata in namespace " + NS);
    }
    List<String> recipients = texts(root, "Recipient");
    if (recipients.isEmpty()) {
      throw malformed("no Recipient");
    }
    List<Document> docs = new ArrayList<>();
    NodeList list = root.getElementsByTagNameNS(NS, "Document");
    for (int i = 0; i < list.getLength(); i++) {
      Element e = (Element) list.item(i);
      try {
        docs.add(new Document(e.getAttribute("name"), e.getAttribute("mediaType"), Long.parseLong(e.getAttribute("size"))));
      } catch (NumberFormatException ex) {
        throw malformed("Document " + e.getAttribute("name") + " has no valid size");
      }
    }
    try {
      return new PackageMetadata(one(root, "PackageId"), one(root, "Sender"), recipients,
          Instant.parse(one(root, "Created")), root.getElementsByTagNameNS(NS, "Subject").getLength() == 1
              ? one(root, "Subject") : "", docs);
    } catch (DateTimeParseException e) {
      throw malformed("Created is not an ISO-8601 instant");
    }
  }

  private static String one(Element root, String name) throws GatewayException {
    List<String> values = texts(root, name);
    if (values.size() != 1 || values.get(0).isBlank()) {
      throw malformed("expected exactly one non-empty " + name + ", found " + values.size());
    }
    return values.get(0);
  }

  private static List<String> texts(Element root, String name) {
    List<String> out = new ArrayList<>();
    NodeList list = root.getElementsByTagNameNS(NS, name);
    for (int i = 0; i < list.getLength(); i++) {
      out.add(list.item(i).getTextContent().trim());
    }
    return out;
  }

  private static GatewayException malformed(String why) {
    return new GatewayException(ReasonCode.MALFORMED, ENTRY + " is invalid: " + why);
  }
}
