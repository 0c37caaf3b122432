package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.DeepXml;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/**
 * 150,000 nested elements in the canonical metadata or a profile's XML are MALFORMED, not a
 * StackOverflowError (ProfileXml walks the tree recursively, so the parser must stop first).
 */
class DeepMetadataXmlTest {
  @Test
  void deeplyNestedCanonicalMetadataIsMalformed() {
    GatewayException e = assertThrows(GatewayException.class,
        () -> MetadataXml.read(new ByteArrayInputStream(DeepXml.nested("Request", 150_000))));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
  }

  @Test
  void deeplyNestedProfileXmlIsMalformed() {
    GatewayException e = assertThrows(GatewayException.class,
        () -> ProfileXml.read(new ByteArrayInputStream(DeepXml.nested("Zahtev", 150_000))));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
  }
}
