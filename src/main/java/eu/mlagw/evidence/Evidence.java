package eu.mlagw.evidence;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A statement by a gateway about one exchange: what happened, when, to which package (by SHA-256 of
 * the package file), and for refusals the reason code. Issued as an ETSI REM evidence (TS 102 640-2
 * V2.1.1, {@link RemEvidenceXml}, one element per event pair as {@link RemEvent} maps them); evidences
 * issued before that are in our own namespace {@code urn:mlagw:evidence:1} and are still read. It is
 * signed by the issuing gateway's seal as CMS SignedData with the XML inside ({@code .p7s}), so it
 * can be checked offline: {@code openssl cms -verify -inform DER -in E.p7s -CAfile root-ca.pem}
 * prints the statement.
 */
public record Evidence(String evidenceId, EvidenceType type, String exchangeId, String sender, String recipient,
    String issuingGateway, Instant time, String packageSha256, Optional<String> reasonCode, String details) {
  /** Our namespace: the whole statement in the old format, our extension elements in the REM one. */
  static final String NS = "urn:mlagw:evidence:1";
  /**
   * Deepest element nesting accepted in an evidence statement (REM ones nest 4 levels): the JDK parser
   * refuses deeper input while parsing, before any recursive walk could overflow the stack.
   */
  static final int MAX_ELEMENT_DEPTH = 64;
  static final String MAX_ELEMENT_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

  /** The statement as an ETSI REM evidence (TS 102 640-2 V2.1.1), UTF-8. */
  public byte[] toXml() {
    return RemEvidenceXml.write(this);
  }

  /** The statement in the old format ({@code urn:mlagw:evidence:1}); kept to test reading old evidences. */
  byte[] toLegacyXml() {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    b.append("<Evidence xmlns=\"").append(NS).append("\" version=\"1\">\n");
    element(b, "EvidenceId", evidenceId);
    element(b, "Type", type.name());
    element(b, "ExchangeId", exchangeId);
    element(b, "Sender", sender);
    element(b, "Recipient", recipient);
    element(b, "IssuingGateway", issuingGateway);
    element(b, "Time", time.toString());
    element(b, "PackageSha256", packageSha256);
    reasonCode.ifPresent(r -> element(b, "ReasonCode", r));
    element(b, "Details", details);
    b.append("</Evidence>\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Which schema an evidence statement follows. */
  public enum Format {
    /** ETSI TS 102 640-2 V2.1.1 REM evidence, namespace {@code http://uri.etsi.org/02640/v2#}. */
    ETSI_REM,
    /** Our format before REM, namespace {@code urn:mlagw:evidence:1}. */
    MLAGW_1
  }

  /** As {@link #read}, without the format. */
  public static Evidence parse(byte[] xml) throws GatewayException {
    return read(xml).evidence();
  }

  /** An evidence statement and the format it was read from. */
  public record Read(Evidence evidence, Format format) {}

  /**
   * Reads a statement in either format: parsed with the JDK parser bounded in depth, without DTDs
   * or external entities, then checked for the elements the format requires.
   *
   * @throws GatewayException MALFORMED when it is not well-formed, not an evidence, or lacks a field
   */
  public static Read read(byte[] xml) throws GatewayException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance(); // the JDK parser, without a classpath scan per call
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // no evidence nests deeper; 150,000 nested elements overflowed the stack before
      f.setAttribute(MAX_ELEMENT_DEPTH_PROPERTY, String.valueOf(MAX_ELEMENT_DEPTH));
      javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
      builder.setErrorHandler(null); // the refusal is the exception below, not a line on stderr
      Element root = builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
      if (RemEvidenceXml.NS.equals(root.getNamespaceURI())) {
        return new Read(RemEvidenceXml.read(root), Format.ETSI_REM);
      }
      if (!NS.equals(root.getNamespaceURI()) || !"Evidence".equals(root.getLocalName())) {
        throw new GatewayException(ReasonCode.MALFORMED, "the signed content is not an evidence (root "
            + root.getTagName() + ")");
      }
      String reason = text(root, "ReasonCode", false);
      return new Read(new Evidence(text(root, "EvidenceId", true), EvidenceType.valueOf(text(root, "Type", true)),
          text(root, "ExchangeId", true), text(root, "Sender", true), text(root, "Recipient", true),
          text(root, "IssuingGateway", true), Instant.parse(text(root, "Time", true)),
          text(root, "PackageSha256", true), Optional.ofNullable(reason), text(root, "Details", false)), Format.MLAGW_1);
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.MALFORMED, "the evidence statement cannot be read: " + e.getMessage(), e);
    }
  }

  private static String text(Element root, String name, boolean required) throws GatewayException {
    NodeList l = root.getElementsByTagNameNS(NS, name);
    if (l.getLength() == 0) {
      if (required) {
        throw new GatewayException(ReasonCode.MALFORMED, "the evidence has no " + name);
      }
      return name.equals("Details") ? "" : null;
    }
    return l.item(0).getTextContent().strip();
  }

  private static void element(StringBuilder b, String name, String value) {
    b.append("  <").append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
