package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The XML form of a profile tree: an object is an element, its {@code @name} keys attributes
 * ({@code @xml:lang} the XML language attribute), {@code #text} its text, an array repeated elements
 * of the same name. Reading gives the same tree back (one element of a name = a single value; the
 * reader wraps it where a list is expected).
 */
final class ProfileXml {
  /** Looked up once: the lookup scans the classpath (the factory is thread-safe for creating writers). */
  private static final javax.xml.stream.XMLOutputFactory XML_OUTPUT = javax.xml.stream.XMLOutputFactory.newFactory();
  private ProfileXml() {}

  static void write(ObjectNode tree, String root, String ns, OutputStream out) throws IOException {
    try {
      XMLStreamWriter w = XML_OUTPUT.createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      String uri = ns == null ? "" : ns;
      w.setDefaultNamespace(uri);
      w.writeStartElement(uri, root);
      if (ns != null) {
        w.writeDefaultNamespace(ns);
      }
      content(w, tree, uri, 1);
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void element(XMLStreamWriter w, String name, JsonNode v, String ns, int depth)
      throws XMLStreamException {
    if (v.isArray()) {
      for (JsonNode item : v) {
        element(w, name, item, ns, depth);
      }
      return;
    }
    w.writeCharacters("\n" + "  ".repeat(depth));
    w.writeStartElement(ns, name);
    if (v.isObject()) {
      content(w, (ObjectNode) v, ns, depth + 1);
      if (hasChildElements(v)) {
        w.writeCharacters("\n" + "  ".repeat(depth));
      }
    } else {
      w.writeCharacters(v.asText());
    }
    w.writeEndElement();
  }

  private static void content(XMLStreamWriter w, ObjectNode o, String ns, int depth) throws XMLStreamException {
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("@xml:lang")) {
        w.writeAttribute("xml", XMLConstants.XML_NS_URI, "lang", e.getValue().asText());
      } else if (e.getKey().startsWith("@")) {
        w.writeAttribute(e.getKey().substring(1), e.getValue().asText());
      }
    }
    if (o.has("#text")) {
      w.writeCharacters(o.get("#text").asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("@") && !e.getKey().equals("#text")) {
        element(w, e.getKey(), e.getValue(), ns, depth);
      }
    }
  }

  private static boolean hasChildElements(JsonNode o) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.startsWith("@") && !k.equals("#text")) {
        return true;
      }
    }
    return false;
  }

  /** Parses XML (securely: no DTD, no external entities) into the tree form; the root's children are the top. */
  static ObjectNode read(InputStream in) throws GatewayException {
    Element root = MetadataXml.parse(in).getDocumentElement();
    JsonNode t = toTree(root);
    if (!(t instanceof ObjectNode o)) {
      throw new GatewayException(ReasonCode.MALFORMED, "the XML document has an empty root element");
    }
    return o;
  }

  private static JsonNode toTree(Element e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
        continue;
      }
      o.put(XMLConstants.XML_NS_URI.equals(a.getNamespaceURI()) ? "@xml:" + a.getLocalName() : "@" + a.getLocalName(),
          a.getValue());
    }
    StringBuilder text = new StringBuilder();
    boolean children = false;
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        children = true;
        String name = c.getLocalName();
        JsonNode v = toTree(c);
        JsonNode existing = o.get(name);
        if (existing == null) {
          o.set(name, v);
        } else if (existing instanceof ArrayNode a) {
          a.add(v);
        } else {
          ArrayNode a = o.arrayNode().add(existing).add(v);
          o.set(name, a);
        }
      } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        text.append(n.getNodeValue());
      }
    }
    if (!children && o.isEmpty()) {
      return JsonNodeFactory.instance.textNode(text.toString());
    }
    if (!children && !text.isEmpty()) {
      o.put("#text", text.toString());
    }
    return o;
  }
}
