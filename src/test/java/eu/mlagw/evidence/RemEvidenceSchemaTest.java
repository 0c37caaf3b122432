package eu.mlagw.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.testing.TestPki;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.SchemaOutputResolver;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.Result;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import network.oxalis.vefa.peppol.evidence.jaxb.rem.EntityDetailsType;
import network.oxalis.vefa.peppol.evidence.jaxb.rem.EventReasonType;
import network.oxalis.vefa.peppol.evidence.jaxb.rem.ObjectFactory;
import network.oxalis.vefa.peppol.evidence.jaxb.rem.REMEvidenceType;
import network.oxalis.vefa.peppol.evidence.jaxb.rem.AttributedElectronicAddressType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

/**
 * Every evidence we issue is an ETSI TS 102 640-2 V2.1.1 REM evidence, checked with code we did
 * not write: the JAXB classes that xjc generated from the ETSI schema (peppol-evidence, test scope
 * only). The schema JAXB derives from those classes (element names, order, required-ness, types as
 * xjc saw them in the ETSI XSD) validates each evidence, and JAXB reads it back into their
 * {@code REMEvidenceType}, whose fields must be what we issued.
 */
class RemEvidenceSchemaTest {
  private static final TestPki PKI = new TestPki();
  private static final Credential GW = PKI.gatewaySeal("gw-al", KeyKind.EC_P256);
  private static final String EXCHANGE = "0190c0de-1234-7abc-8def-0123456789ab";
  private static final Instant ISSUED = Instant.parse("2026-12-06T04:20:31.250Z");
  private static JAXBContext jaxb;
  private static Schema remSchema;
  @TempDir Path dir;

  @BeforeAll
  static void schemaFromTheGeneratedClasses() throws Exception {
    jaxb = JAXBContext.newInstance(ObjectFactory.class);
    Map<String, StringWriter> files = new LinkedHashMap<>();
    jaxb.generateSchema(new SchemaOutputResolver() {
      @Override
      public Result createOutput(String namespace, String fileName) {
        StringWriter w = new StringWriter();
        files.put(fileName, w);
        StreamResult r = new StreamResult(w);
        r.setSystemId("mem:/" + fileName);
        return r;
      }
    });
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    f.setResourceResolver((type, ns, publicId, systemId, baseUri) -> {
      String name = systemId.substring(systemId.lastIndexOf('/') + 1);
      return new InMemoryInput(systemId, files.get(name).toString());
    });
    String remFile = files.entrySet().stream().filter(e -> e.getValue().toString()
        .contains("targetNamespace=\"" + RemEvidenceXml.NS + "\"")).findFirst().orElseThrow().getKey();
    remSchema = f.newSchema(new StreamSource(new StringReader(files.get(remFile).toString()), "mem:/" + remFile));
  }

  /** The issued XML (taken out of its CMS seal, which is verified on the way). */
  private byte[] issue(EvidenceType type, Path packageFile, String reason, String details) throws Exception {
    Clock clock = Clock.fixed(ISSUED, ZoneOffset.UTC);
    Path p = new EvidenceIssuer("gw-al", new DetachedSigner(GW), clock).issue(dir.resolve(type.name()), type,
        EXCHANGE, "AL-PG-TIRANA", "RS-HC-BELGRADE", packageFile, reason, details);
    return new DetachedSignatureVerifier(PKI.trustPolicy()).verifyEncapsulated(Files.readAllBytes(p), ISSUED)
        .content();
  }

  private static void validate(byte[] xml) throws Exception {
    remSchema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
  }

  @SuppressWarnings("unchecked")
  private static JAXBElement<REMEvidenceType> unmarshal(byte[] xml) throws Exception {
    return (JAXBElement<REMEvidenceType>) jaxb.createUnmarshaller()
        .unmarshal(new StreamSource(new ByteArrayInputStream(xml)));
  }

  private static String address(EntityDetailsType entity) {
    List<Object> addresses = entity.getAttributedElectronicAddressOrElectronicAddress();
    assertEquals(1, addresses.size());
    AttributedElectronicAddressType a = (AttributedElectronicAddressType) addresses.get(0);
    return a.getScheme() + " " + a.getValue();
  }

  @Test
  void everyEvidenceTypeValidatesAgainstTheEtsiSchemaAndReadsBackWithItsFields() throws Exception {
    Path pkg = Files.write(dir.resolve("package.p7m"), "a sealed package".getBytes(StandardCharsets.UTF_8));
    byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pkg));
    Map<EvidenceType, String> expected = Map.of(
        EvidenceType.SubmissionAcceptance, "SubmissionAcceptanceRejection Acceptance",
        EvidenceType.SubmissionRejection, "SubmissionAcceptanceRejection Rejection",
        EvidenceType.RelayAcceptance, "RelayREMMDAcceptanceRejection Acceptance",
        EvidenceType.RelayRejection, "RelayREMMDAcceptanceRejection Rejection",
        EvidenceType.Delivery, "DeliveryNonDeliveryToRecipient Delivery",
        EvidenceType.NonDelivery, "DeliveryNonDeliveryToRecipient NonDelivery",
        EvidenceType.Retrieval, "RetrievalNonRetrievalByRecipient Retrieval");
    for (EvidenceType type : EvidenceType.values()) {
      boolean refusal = type.name().contains("Rejection") || type == EvidenceType.NonDelivery;
      byte[] xml = issue(type, pkg, refusal ? "POLICY_DENIED" : null, "details of " + type + " & <more>");
      validate(xml);
      JAXBElement<REMEvidenceType> read = unmarshal(xml);
      REMEvidenceType rem = read.getValue();
      String[] elementAndEvent = expected.get(type).split(" ");
      assertEquals(RemEvidenceXml.NS, read.getName().getNamespaceURI(), type.name());
      assertEquals(elementAndEvent[0], read.getName().getLocalPart(), type.name());
      assertEquals("http://uri.etsi.org/REM/Event#" + elementAndEvent[1], rem.getEventCode(), type.name());
      assertEquals("2.1.1", rem.getVersion());
      assertEquals(List.of("urn:mlagw:evidence-policy:1"), rem.getEvidenceIssuerPolicyID().getPolicyID());
      assertEquals("urn:mlagw:gateway gw-al", address(rem.getEvidenceIssuerDetails()));
      assertEquals("urn:mlagw:participant AL-PG-TIRANA", address(rem.getSenderDetails()));
      assertEquals(1, rem.getRecipientsDetails().getEntityDetails().size());
      assertEquals("urn:mlagw:participant RS-HC-BELGRADE",
          address(rem.getRecipientsDetails().getEntityDetails().get(0)));
      assertEquals(ISSUED, rem.getEventTime().toGregorianCalendar().toInstant());
      // the exchange id is a UUIDv7: its first 48 bits are the submission time in milliseconds
      assertEquals(Instant.ofEpochMilli(0x0190c0de1234L), rem.getSubmissionTime().toGregorianCalendar().toInstant());
      assertTrue(rem.getEvidenceIdentifier().matches("[0-9a-f-]{36}"), rem.getEvidenceIdentifier());
      assertEquals("urn:mlagw:authentication:drop-folder-and-seal",
          rem.getSenderAuthenticationDetails().getAuthenticationMethod());
      var message = rem.getSenderMessageDetails();
      assertEquals(EXCHANGE, message.getUAMessageIdentifier());
      assertEquals(EXCHANGE, message.getMessageIdentifierByREMMD());
      assertEquals("http://www.w3.org/2001/04/xmlenc#sha256", message.getDigestMethod().getAlgorithm());
      assertArrayEquals(sha256, message.getDigestValue());
      if (refusal) {
        List<EventReasonType> reasons = rem.getEventReasons().getEventReason();
        assertEquals(1, reasons.size());
        assertEquals("http://uri.etsi.org/REM/EventReason#PolicyViolation", reasons.get(0).getCode());
        assertEquals("POLICY_DENIED", reasons.get(0).getDetails());
      } else {
        assertNull(rem.getEventReasons(), type.name());
      }
      assertEquals(1, rem.getExtensions().getExtension().size());
      assertTrue(new String(xml, StandardCharsets.UTF_8).contains(
          "<mlagw:Details>details of " + type + " &amp; &lt;more&gt;</mlagw:Details>"));

      Evidence back = Evidence.parse(xml);
      assertEquals(new Evidence(rem.getEvidenceIdentifier(), type, EXCHANGE, "AL-PG-TIRANA", "RS-HC-BELGRADE",
          "gw-al", ISSUED, HexFormat.of().formatHex(sha256), Optional.ofNullable(refusal ? "POLICY_DENIED" : null),
          "details of " + type + " & <more>"), back);
    }
  }

  @Test
  void aRejectionWithoutPackageAndWithoutDetailsStillValidates() throws Exception {
    byte[] xml = issue(EvidenceType.SubmissionRejection, null, "REQUEST_INVALID", "");
    validate(xml);
    REMEvidenceType rem = unmarshal(xml).getValue();
    assertNull(rem.getSenderMessageDetails().getDigestValue());
    assertNull(rem.getExtensions());
    assertEquals("http://uri.etsi.org/REM/EventReason#InvalidMessageFormat",
        rem.getEventReasons().getEventReason().get(0).getCode());
    Evidence back = Evidence.parse(xml);
    assertEquals("-", back.packageSha256());
    assertEquals("", back.details());
  }

  /** The schema check is not vacuous: an evidence with its elements out of order fails it. */
  @Test
  void theSchemaRefusesAnEvidenceOutOfOrder() throws Exception {
    String xml = new String(issue(EvidenceType.Delivery, null, null, "x"), StandardCharsets.UTF_8);
    String swapped = xml.replaceFirst("(?s)(  <EvidenceIdentifier>.*?</EvidenceIdentifier>\n)(.*?)(  <EventTime>)",
        "$2$1$3");
    assertTrue(!swapped.equals(xml));
    assertThrows(SAXException.class, () -> validate(swapped.getBytes(StandardCharsets.UTF_8)));
  }

  /** An LSInput over a string, for the schema files JAXB generated in memory. */
  private record InMemoryInput(String systemId, String text) implements org.w3c.dom.ls.LSInput {
    public java.io.Reader getCharacterStream() {
      return new StringReader(text);
    }

    public void setCharacterStream(java.io.Reader r) {}

    public java.io.InputStream getByteStream() {
      return null;
    }

    public void setByteStream(java.io.InputStream s) {}

    public String getStringData() {
      return text;
    }

    public void setStringData(String s) {}

    public String getSystemId() {
      return systemId;
    }

    public void setSystemId(String s) {}

    public String getPublicId() {
      return null;
    }

    public void setPublicId(String s) {}

    public String getBaseURI() {
      return null;
    }

    public void setBaseURI(String s) {}

    public String getEncoding() {
      return null;
    }

    public void setEncoding(String s) {}

    public boolean getCertifiedText() {
      return false;
    }

    public void setCertifiedText(boolean b) {}
  }
}
