package eu.mlagw.metadata;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalRequest.DocumentRef;
import eu.mlagw.metadata.CanonicalRequest.LangText;
import eu.mlagw.metadata.CanonicalRequest.Person;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * {@code metadata.xml} in namespace {@value #NS} (schema {@code metadata/mlagw-request-1.xsd}):
 * writes a {@link CanonicalRequest} and reads one back, validating against the schema. A schema
 * violation is a GatewayException MALFORMED naming the element path and the rule broken, e.g.
 * {@code /Request/Person[2]/BirthDate: cvc-datatype-valid.1.2.1: '1980-13-01' is not a valid value for 'date'}.
 * Parsing is secure: no DTDs, no external entities or schemas. Thread-safe.
 */
public final class MetadataXml {
  /**
   * Deepest element nesting accepted in XML from outside (a package, an evidence): our documents
   * nest at most 5 levels; a limit in the JDK parser itself refuses deeper input while parsing,
   * before any recursive walk over the tree could overflow the stack.
   */
  static final int MAX_ELEMENT_DEPTH = 64;
  private static final String MAX_ELEMENT_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
  /** Looked up once: the lookup scans the classpath (the factory is thread-safe for creating writers). */
  private static final javax.xml.stream.XMLOutputFactory XML_OUTPUT = javax.xml.stream.XMLOutputFactory.newFactory();
  public static final String NS = "urn:mlagw:request:1";
  public static final String ENTRY = "metadata.xml";
  private static final RequestSchema SCHEMA = new RequestSchema();

  private MetadataXml() {}

  /**
   * Writes the request as metadata.xml (UTF-8), checking it against the schema first.
   *
   * @throws GatewayException MALFORMED if the request breaks the schema (e.g. no sender), IO_ERROR on write
   */
  public static void write(CanonicalRequest r, OutputStream out) throws GatewayException {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    try {
      XMLStreamWriter w = XML_OUTPUT.createXMLStreamWriter(buffer, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.setDefaultNamespace(NS);
      w.writeStartElement(NS, "Request");
      w.writeDefaultNamespace(NS);
      w.writeAttribute("version", "1");
      el(w, "ExchangeId", r.exchangeId());
      el(w, "Sender", r.sender());
      el(w, "Recipient", r.recipient());
      el(w, "Language", r.language());
      el(w, "ExchangeType", r.exchangeType());
      text(w, "Subject", r.subject());
      el(w, "CaseReference", r.caseReference());
      el(w, "RecipientCaseReference", r.recipientCaseReference());
      el(w, "InReplyTo", r.inReplyTo());
      el(w, "LegalBasis", r.legalBasis());
      el(w, "IssuingAuthority", r.issuingAuthority());
      el(w, "ExecutingAuthority", r.executingAuthority());
      el(w, "Urgency", r.urgency());
      el(w, "Deadline", r.deadline() == null ? null : r.deadline().toString());
      for (String c : r.offences()) {
        el(w, "Offence", c);
      }
      text(w, "OffenceDescription", r.offenceDescription());
      for (Person p : r.persons()) {
        w.writeCharacters("\n  ");
        w.writeStartElement(NS, "Person");
        if (p.role() != null) {
          w.writeAttribute("role", p.role());
        }
        NameForms n = p.name() == null ? new NameForms(null, null, null, null) : p.name();
        el(w, "Name", n.original(), "\n    ");
        el(w, "NameLatin", n.latin(), "\n    ");
        el(w, "NameCyrillic", n.cyrillic(), "\n    ");
        el(w, "NameAscii", n.ascii(), "\n    ");
        el(w, "BirthDate", p.birthDate() == null ? null : p.birthDate().toString(), "\n    ");
        el(w, "Nationality", p.nationality(), "\n    ");
        w.writeCharacters("\n  ");
        w.writeEndElement();
      }
      for (String c : r.measures()) {
        el(w, "Measure", c);
      }
      text(w, "MeasureDescription", r.measureDescription());
      for (String c : r.handlingCodes()) {
        el(w, "HandlingCode", c);
      }
      text(w, "HandlingConditions", r.handlingConditions());
      el(w, "Confidentiality", r.confidentiality());
      for (DocumentRef d : r.documents()) {
        w.writeCharacters("\n  ");
        w.writeEmptyElement(NS, "Document");
        attr(w, "file", d.file());
        attr(w, "role", d.role());
        attr(w, "language", d.language());
        attr(w, "sha256", d.sha256());
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new GatewayException(ReasonCode.MALFORMED, "cannot write " + ENTRY + ": " + e.getMessage(), e);
    }
    byte[] xml = buffer.toByteArray();
    SCHEMA.validate(parse(new java.io.ByteArrayInputStream(xml)));
    try {
      out.write(xml);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write " + ENTRY + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and validates metadata.xml.
   *
   * @throws GatewayException MALFORMED naming the element path and rule when it breaks the schema
   */
  public static CanonicalRequest read(InputStream in) throws GatewayException {
    Document doc = parse(in);
    SCHEMA.validate(doc);
    Element root = doc.getDocumentElement();
    List<Person> persons = new ArrayList<>();
    List<DocumentRef> docs = new ArrayList<>();
    for (Element e : children(root, "Person")) {
      String bd = one(e, "BirthDate");
      persons.add(new Person(e.hasAttribute("role") ? e.getAttribute("role") : null,
          new NameForms(one(e, "Name"), one(e, "NameLatin"), one(e, "NameCyrillic"), one(e, "NameAscii")),
          bd == null ? null : LocalDate.parse(bd), one(e, "Nationality")));
    }
    for (Element e : children(root, "Document")) {
      docs.add(new DocumentRef(attr(e, "file"), attr(e, "role"), attr(e, "language"), attr(e, "sha256")));
    }
    String deadline = one(root, "Deadline");
    return new CanonicalRequest(one(root, "ExchangeId"), one(root, "Sender"), one(root, "Recipient"),
        one(root, "Language"), one(root, "ExchangeType"), text(root, "Subject"), one(root, "CaseReference"),
        one(root, "RecipientCaseReference"), one(root, "InReplyTo"), one(root, "LegalBasis"), one(root, "IssuingAuthority"),
        one(root, "ExecutingAuthority"), one(root, "Urgency"), deadline == null ? null : LocalDate.parse(deadline),
        all(root, "Offence"), text(root, "OffenceDescription"), persons, all(root, "Measure"),
        text(root, "MeasureDescription"), all(root, "HandlingCode"), text(root, "HandlingConditions"),
        one(root, "Confidentiality"), docs);
  }

  static Document parse(InputStream in) throws GatewayException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance(); // the JDK parser, without a classpath scan per call
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // no legitimate document nests deeper; 150,000 nested elements overflowed the stack before
      f.setAttribute(MAX_ELEMENT_DEPTH_PROPERTY, String.valueOf(MAX_ELEMENT_DEPTH));
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(in);
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new GatewayException(ReasonCode.MALFORMED, ENTRY + " is not well-formed XML: " + e.getMessage()
          + "; it must be written by the gateway (MetadataXml.write)", e);
    }
  }

  private static void el(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    el(w, name, value, "\n  ");
  }

  private static void el(XMLStreamWriter w, String name, String value, String indent) throws XMLStreamException {
    if (value != null) {
      w.writeCharacters(indent);
      w.writeStartElement(NS, name);
      w.writeCharacters(value);
      w.writeEndElement();
    }
  }

  private static void text(XMLStreamWriter w, String name, LangText t) throws XMLStreamException {
    if (t != null) {
      w.writeCharacters("\n  ");
      w.writeStartElement(NS, name);
      w.writeAttribute("lang", t.lang());
      w.writeCharacters(t.text());
      w.writeEndElement();
    }
  }

  private static void attr(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    if (value != null) {
      w.writeAttribute(name, value);
    }
  }

  private static String attr(Element e, String name) {
    return e.hasAttribute(name) ? e.getAttribute(name) : null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String one(Element parent, String name) {
    List<Element> l = children(parent, name);
    return l.isEmpty() ? null : l.get(0).getTextContent();
  }

  private static List<String> all(Element parent, String name) {
    return children(parent, name).stream().map(Node::getTextContent).toList();
  }

  private static LangText text(Element parent, String name) {
    List<Element> l = children(parent, name);
    return l.isEmpty() ? null : new LangText(l.get(0).getTextContent(), l.get(0).getAttribute("lang"));
  }
}
