package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** metadata.xml: schema-valid round trip; violations name the element path and the rule. */
class MetadataXmlTest {
  private static byte[] write(CanonicalRequest r) throws GatewayException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetadataXml.write(r, out);
    return out.toByteArray();
  }

  @Test
  void fullRequestRoundTripsThroughTheSchema() throws Exception {
    CanonicalRequest r = MetadataFixtures.fullRequest();
    byte[] xml = write(r);
    String s = new String(xml, StandardCharsets.UTF_8);
    assertTrue(s.contains("<Request xmlns=\"urn:mlagw:request:1\" version=\"1\">"), s);
    assertTrue(s.contains("<NameCyrillic>Џевдет Шкемби</NameCyrillic>"), s);
    assertTrue(s.contains("<Subject lang=\"sq\">Kërkesë për të dhëna telefonike</Subject>"), s);
    assertEquals(r, MetadataXml.read(new ByteArrayInputStream(xml)));
  }

  @Test
  void aBadValueIsReportedWithItsElementPathAndRule() throws Exception {
    String xml = new String(write(MetadataFixtures.fullRequest()), StandardCharsets.UTF_8)
        .replace("<BirthDate>1980-05-17</BirthDate>", "<BirthDate>1980-13-45</BirthDate>");
    GatewayException e = assertThrows(GatewayException.class,
        () -> MetadataXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    assertEquals(ReasonCode.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("/Request/Person[1]/BirthDate: cvc-datatype-valid"), e.getMessage());
  }

  @Test
  void aMissingRequiredElementIsNamed() throws Exception {
    String xml = new String(write(MetadataFixtures.fullRequest()), StandardCharsets.UTF_8)
        .replaceFirst("\\s*<Urgency>urgent</Urgency>", "");
    GatewayException e = assertThrows(GatewayException.class,
        () -> MetadataXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains("/Request/Deadline: cvc-complex-type.2.4.a") && e.getMessage().contains("Urgency"),
        e.getMessage());
  }

  @Test
  void aRequestWithoutSenderCannotBeWritten() {
    CanonicalRequest r = MetadataFixtures.fullRequest();
    CanonicalRequest noSender = new CanonicalRequest(null, null, r.recipient(), "sq", "mla-request", r.subject(), null,
        null, null, null, null, null, "normal", null, null, null, null, null, null, null, null, null, null);
    GatewayException e = assertThrows(GatewayException.class, () -> write(noSender));
    assertTrue(e.getMessage().contains("/Request/Recipient: cvc-complex-type.2.4.a"), e.getMessage());
  }

  @Test
  void aDoctypeIsRefused() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Request>&x;</Request>";
    GatewayException e = assertThrows(GatewayException.class,
        () -> MetadataXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    assertEquals(ReasonCode.MALFORMED, e.reason());
  }
}
