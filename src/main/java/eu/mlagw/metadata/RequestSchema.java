package eu.mlagw.metadata;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The compiled {@code mlagw-request-1.xsd} and a validator that names the element where a rule is
 * broken. The schema is loaded once from the classpath, with external access disabled. Thread-safe
 * (a new Validator per call).
 */
final class RequestSchema {
  private static final String CURRENT_ELEMENT = "http://apache.org/xml/properties/dom/current-element-node";
  private final Schema schema;

  RequestSchema() {
    try {
      SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      URL xsd = RequestSchema.class.getResource("/metadata/mlagw-request-1.xsd");
      schema = f.newSchema(xsd);
    } catch (SAXException e) {
      throw new IllegalStateException("the bundled mlagw-request-1.xsd does not compile: " + e.getMessage(), e);
    }
  }

  void validate(Document doc) throws GatewayException {
    Validator v = schema.newValidator();
    List<String> problems = new ArrayList<>();
    try {
      v.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      v.setErrorHandler(new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) {
          add(e);
        }

        @Override
        public void fatalError(SAXParseException e) {
          add(e);
        }

        private void add(SAXParseException e) {
          if (problems.size() < 10) {
            String where;
            try {
              where = path((Node) v.getProperty(CURRENT_ELEMENT));
            } catch (SAXException ex) {
              where = "line " + e.getLineNumber();
            }
            problems.add(where + ": " + e.getMessage());
          }
        }
      });
      v.validate(new DOMSource(doc));
    } catch (SAXException | IOException e) {
      if (problems.isEmpty()) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new GatewayException(ReasonCode.MALFORMED, MetadataXml.ENTRY + " breaks mlagw-request-1.xsd: "
          + String.join("; ", problems) + ". The element path names the field, the cvc-… key the rule broken");
    }
  }

  /** /Request/Person[2]/BirthDate for a node (positions count same-named siblings, from 1). */
  static String path(Node n) {
    StringBuilder b = new StringBuilder();
    for (Node x = n; x instanceof Element e; x = x.getParentNode()) {
      int index = 1;
      int same = 0;
      for (Node s = e.getParentNode() == null ? null : e.getParentNode().getFirstChild(); s != null;
          s = s.getNextSibling()) {
        if (s instanceof Element se && se.getLocalName().equals(e.getLocalName())) {
          same++;
          if (s.compareDocumentPosition(e) == Node.DOCUMENT_POSITION_FOLLOWING) {
            index++;
          }
        }
      }
      b.insert(0, "/" + e.getLocalName() + (same > 1 ? "[" + index + "]" : ""));
    }
    return b.length() == 0 ? "/" : b.toString();
  }
}
