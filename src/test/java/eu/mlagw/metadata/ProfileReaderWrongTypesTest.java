package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Found by MetadataXmlFuzzTest#courtJson: a recipient-format document whose field has the wrong
 * type (an object where a text belongs) or an impossible value (a date of 31 February) escaped as
 * IllegalStateException; it is MALFORMED and names the field without quoting the value.
 */
class ProfileReaderWrongTypesTest {
  private static String seed() {
    return new String(eu.mlagw.testing.FuzzPki.resource(
        "/eu/mlagw/metadata/MetadataXmlFuzzTestInputs/courtJson/seed-full-request.json"), StandardCharsets.UTF_8);
  }

  private static GatewayException read(String json) throws GatewayException {
    ProfileReader reader = new ProfileReader(MetadataFixtures.mappings());
    return assertThrows(GatewayException.class,
        () -> reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "court-json"));
  }

  @Test
  void anImpossibleDateIsMalformedWithoutQuotingIt() throws GatewayException {
    String json = seed().replaceFirst("\\d{4}-\\d{2}-\\d{2}", "2026-02-31");
    GatewayException e = read(json);
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.getMessage());
    assertTrue(!e.getMessage().contains("2026-02-31"), e.getMessage());
  }

  @Test
  void anObjectWhereATextBelongsIsMalformed() throws GatewayException {
    String json = seed().replaceFirst("\"([^\"]+)\"\\s*:\\s*\"[^\"]*\"", "\"$1\": {\"x\": 1}");
    GatewayException e = read(json);
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.getMessage());
  }
}
