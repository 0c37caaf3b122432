package eu.mlagw.pkg;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Parses small XML documents from packages with DTDs and external entities disabled (no XXE). */
final class SafeXml {
  /**
   * Deepest element nesting accepted in XML from outside (a package, an evidence): our documents
   * nest at most 5 levels; a limit in the JDK parser itself refuses deeper input while parsing,
   * before any recursive walk over the tree could overflow the stack.
   */
  static final int MAX_ELEMENT_DEPTH = 64;
  private static final String MAX_ELEMENT_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
  private SafeXml() {}

  static Document parse(byte[] xml, String what) throws GatewayException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance(); // the JDK parser, without a classpath scan per call
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // no legitimate document nests deeper; 150,000 nested elements overflowed the stack before
      f.setAttribute(MAX_ELEMENT_DEPTH_PROPERTY, String.valueOf(MAX_ELEMENT_DEPTH));
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.MALFORMED, what + " is not well-formed XML (" + e.getMessage()
          + "); the package was damaged or made by a non-compliant tool", e);
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '&': b.append("&amp;"); break;
        case '"': b.append("&quot;"); break;
        case '\'': b.append("&apos;"); break;
        default: b.append(c);
      }
    }
    return b.toString();
  }
}
