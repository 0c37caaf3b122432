package eu.mlagw.transport;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a client generator sees of a WSDL, as sorted lines: namespace, schema elements
 * and types (child names, types with resolved namespaces, occurrences, MIME hints), messages,
 * operations, the SOAP 1.2 binding and the service/port names. Prefixes, formatting, comments and
 * the endpoint's host and port do not matter.
 */
final class WsdlSignature {
  private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
  private static final String XSD = "http://www.w3.org/2001/XMLSchema";
  private static final String SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/";
  private static final String XMIME = "http://www.w3.org/2005/05/xmlmime";

  private WsdlSignature() {}

  static List<String> of(InputStream wsdl) throws Exception {
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setNamespaceAware(true);
    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = dbf.newDocumentBuilder().parse(wsdl);
    Element root = doc.getDocumentElement();
    List<String> out = new ArrayList<>();
    out.add("targetNamespace " + root.getAttribute("targetNamespace"));
    for (Element schema : children(root, WSDL, "types").stream().flatMap(t -> children(t, XSD, "schema").stream()).toList()) {
      out.add("schema " + schema.getAttribute("targetNamespace") + " elementFormDefault="
          + schema.getAttribute("elementFormDefault"));
      for (Element e : children(schema, XSD, "element")) {
        out.add("element " + e.getAttribute("name") + " : " + qname(e, e.getAttribute("type")));
      }
      for (Element type : children(schema, XSD, "complexType")) {
        StringBuilder line = new StringBuilder("complexType " + type.getAttribute("name") + " {");
        for (Element seq : children(type, XSD, "sequence")) {
          for (Element e : children(seq, XSD, "element")) {
            line.append(' ').append(e.getAttribute("name")).append(':').append(qname(e, e.getAttribute("type")))
                .append('[').append(or(e.getAttribute("minOccurs"), "1")).append("..")
                .append(or(e.getAttribute("maxOccurs"), "1")).append(']');
            String mime = e.getAttributeNS(XMIME, "expectedContentTypes");
            if (!mime.isEmpty()) {
              line.append("(mime ").append(mime).append(')');
            }
          }
        }
        out.add(line.append(" }").toString());
      }
    }
    for (Element m : children(root, WSDL, "message")) {
      for (Element part : children(m, WSDL, "part")) {
        out.add("message " + m.getAttribute("name") + " part " + part.getAttribute("name") + " = "
            + qname(part, part.getAttribute("element")));
      }
    }
    for (Element pt : children(root, WSDL, "portType")) {
      for (Element op : children(pt, WSDL, "operation")) {
        out.add("portType " + pt.getAttribute("name") + " operation " + op.getAttribute("name")
            + " in " + messages(op, "input") + " out " + messages(op, "output") + " faults " + messages(op, "fault"));
      }
    }
    for (Element b : children(root, WSDL, "binding")) {
      out.add("binding " + b.getAttribute("name") + " of " + qname(b, b.getAttribute("type")));
      for (Element sb : children(b, SOAP12, "binding")) {
        out.add("binding " + b.getAttribute("name") + " soap12 style=" + sb.getAttribute("style") + " transport=" + sb.getAttribute("transport"));
      }
      for (Element op : children(b, WSDL, "operation")) {
        StringBuilder line = new StringBuilder("binding " + b.getAttribute("name") + " operation "
            + op.getAttribute("name"));
        for (Element so : children(op, SOAP12, "operation")) {
          line.append(" soapAction='").append(so.getAttribute("soapAction")).append("' style=")
              .append(so.getAttribute("style"));
        }
        for (String dir : new String[] {"input", "output"}) {
          for (Element io : children(op, WSDL, dir)) {
            for (Element body : children(io, SOAP12, "body")) {
              line.append(' ').append(dir).append('=').append(body.getAttribute("use"));
            }
          }
        }
        out.add(line.toString());
      }
    }
    for (Element s : children(root, WSDL, "service")) {
      for (Element port : children(s, WSDL, "port")) {
        for (Element address : children(port, SOAP12, "address")) {
          URI location = URI.create(address.getAttribute("location"));
          out.add("service " + s.getAttribute("name") + " port " + port.getAttribute("name") + " binding "
              + qname(port, port.getAttribute("binding")) + " at " + location.getScheme() + "://*" + location.getPath());
        }
      }
    }
    Collections.sort(out); // order of declarations means nothing to a client generator
    return out;
  }

  private static String messages(Element operation, String kind) {
    List<String> names = new ArrayList<>();
    for (Element e : children(operation, WSDL, kind)) {
      names.add(qname(e, e.getAttribute("message")));
    }
    return names.toString();
  }

  private static String qname(Node context, String prefixed) {
    int colon = prefixed.indexOf(':');
    String prefix = colon < 0 ? null : prefixed.substring(0, colon);
    return "{" + context.lookupNamespaceURI(prefix) + "}" + prefixed.substring(colon + 1);
  }

  private static String or(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  private static List<Element> children(Element parent, String ns, String local) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }
}
