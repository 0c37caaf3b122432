package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each shipped profile renders the full request and reads it back unchanged; profile mistakes fail the load. */
class ProfileRoundTripTest {
  private static String render(String profile, String lang) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ProfileRenderer(MetadataFixtures.mappings()).render(MetadataFixtures.fullRequest(), profile, lang, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static CanonicalRequest readBack(String text, String profile) throws Exception {
    return new ProfileReader(MetadataFixtures.mappings()).read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), profile);
  }

  @Test
  void canonicalXmlRoundTrips() throws Exception {
    assertEquals(MetadataFixtures.fullRequest(), readBack(render("canonical-xml", "en"), "canonical-xml"));
  }

  @Test
  void courtJsonHasCyrillicLabelsUntouchedFreeTextAndRoundTrips() throws Exception {
    String json = render("court-json", "sr-Cyrl");
    String flat = json.replaceAll("\\s+", " ");
    assertTrue(flat.contains("\"code\" : \"mla-request\", \"label\" : \"Замолница за међународну правну помоћ\""), json);
    assertTrue(flat.contains("\"text\" : \"Kërkesë për të dhëna telefonike\", \"lang\" : \"sq\""), json);
    assertTrue(json.contains("\"cyrillic\" : \"Џевдет Шкемби\""), json);
    assertTrue(json.contains("\"label\" : \"Не сме се користити у судском поступку без сагласности пошиљаоца\""), json);
    assertEquals(MetadataFixtures.fullRequest(), readBack(json, "court-json"));
  }

  @Test
  void agencyXmlUsesHandlingCodesAndRoundTrips() throws Exception {
    String xml = render("agency-xml", "en");
    assertTrue(xml.contains("<AgencyMessage xmlns=\"urn:example:agency:message:1\">"), xml);
    assertTrue(xml.contains("<Code>H0</Code>") && xml.contains("<Code>H3</Code>"), xml);
    assertTrue(xml.contains("<Priority>PRIORITY</Priority>"), xml);
    assertTrue(xml.contains("<Offence code=\"drug-trafficking\">Illicit trafficking in narcotic drugs</Offence>"), xml);
    assertTrue(xml.contains("<Subject xml:lang=\"sq\">Kërkesë për të dhëna telefonike</Subject>"), xml);
    assertTrue(xml.contains("<Person role=\"witness\">"), xml);
    assertEquals(MetadataFixtures.fullRequest(), readBack(xml, "agency-xml"));
  }

  @Test
  void aRequiredValueMissingFromTheRequestIsReportedInTheSendersLanguage() throws Exception {
    CanonicalRequest r = MetadataFixtures.fullRequest();
    CanonicalRequest noType = new CanonicalRequest(null, r.sender(), r.recipient(), "sq", null, r.subject(), null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    RequestInvalidException e = assertThrows(RequestInvalidException.class, () -> new ProfileRenderer(
        MetadataFixtures.mappings()).render(noType, "court-json", "sr-Cyrl", new ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains("- Lloji i shkëmbimit [exchangeType]: mungon"), e.getMessage());
  }

  @Test
  void aRequiredValueOfOnePersonIsNamedWithItsIndex(@TempDir Path dir) throws Exception {
    MetadataFixtures.copyOfConfig(dir);
    Path file = dir.resolve("mappings/profiles/court-json.yaml");
    Files.writeString(file, Files.readString(file).replace(
        "{target: \"persons[].birthDate\", source: \"persons[].birthDate\", transform: date}",
        "{target: \"persons[].birthDate\", source: \"persons[].birthDate\", transform: date, required: true}"));
    RequestInvalidException e = assertThrows(RequestInvalidException.class, () -> new ProfileRenderer(
        Mappings.load(dir)).render(MetadataFixtures.fullRequest(), "court-json", "en", new ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains("- Personi 2 – Data e lindjes [persons[1].birthDate]: mungon"), e.getMessage());
  }

  @Test
  void aProfileThatDoesNotMapARequiredFieldFailsTheLoad(@TempDir Path dir) throws Exception {
    MetadataFixtures.copyOfConfig(dir);
    Path file = dir.resolve("mappings/profiles/court-json.yaml");
    Files.writeString(file, Files.readString(file).replaceFirst("\n  - \\{target: urgency.deadline[^\n]*", ""));
    GatewayException e = assertThrows(GatewayException.class, () -> Mappings.load(dir));
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().contains("court-json.yaml: requires[4] 'deadline' is required by this profile but no "
        + "entry of fields has it as source; add e.g. '- {target: deadline, source: deadline, required: true}'"),
        e.getMessage());
  }

  @Test
  void aTransformThatDoesNotFitItsFieldFailsTheLoad(@TempDir Path dir) throws Exception {
    MetadataFixtures.copyOfConfig(dir);
    Path file = dir.resolve("mappings/profiles/agency-xml.yaml");
    Files.writeString(file, Files.readString(file).replace("{target: Case.SenderReference, source: caseReference}",
        "{target: Case.SenderReference, source: caseReference, transform: code-label}"));
    GatewayException e = assertThrows(GatewayException.class, () -> Mappings.load(dir));
    assertTrue(e.getMessage().contains("agency-xml.yaml: fields[11].transform 'code-label' does not fit source "
        + "'caseReference' (text)"), e.getMessage());
  }

  @Test
  void aCodeMapMustCoverEveryCode(@TempDir Path dir) throws Exception {
    MetadataFixtures.copyOfConfig(dir);
    Path file = dir.resolve("mappings/profiles/agency-xml.yaml");
    Files.writeString(file, Files.readString(file).replace(", speciality: H3", ""));
    GatewayException e = assertThrows(GatewayException.class, () -> Mappings.load(dir));
    assertTrue(e.getMessage().contains("agency-xml.yaml: fields[8].map.speciality is missing"), e.getMessage());
  }
}
