package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A signature.p7s or an evidence is CMS too: deep nesting in either is refused as MALFORMED before
 * Bouncy Castle's recursive parser sees it (it died of StackOverflowError before).
 */
class NestedBerSignatureTest {
  private static final TestPki PKI = new TestPki();

  private static byte[] nested(int levels, boolean wrappedInOctetString) {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    for (int i = 0; i < levels; i++) {
      inner.write(0x30);
      inner.write(0x80);
    }
    inner.writeBytes(new byte[2 * levels]);
    if (!wrappedInOctetString) {
      return inner.toByteArray();
    }
    byte[] body = inner.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x30, (byte) 0x80, 0x04, (byte) 0x83,
        (byte) (body.length >> 16), (byte) (body.length >> 8), (byte) body.length});
    out.writeBytes(body);
    out.writeBytes(new byte[] {0, 0});
    return out.toByteArray();
  }

  @Test
  void nestedBerAsSignatureP7sIsMalformed() {
    GatewayException e = assertThrows(GatewayException.class, () -> new DetachedSignatureVerifier(PKI.trustPolicy())
        .verify(nested(60_000, false), "<m/>".getBytes(StandardCharsets.UTF_8), Instant.now()));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
    assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
  }

  @Test
  void nestedBerAsEvidenceIsMalformed() {
    GatewayException e = assertThrows(GatewayException.class, () -> new DetachedSignatureVerifier(PKI.trustPolicy())
        .verifyEncapsulated(nested(60_000, false), Instant.now()));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
  }

  @Test
  void nestedBerEncapsulatedInAnOctetStringIsRefused() {
    BerStructureException e = assertThrows(BerStructureException.class,
        () -> BerStructureCheck.check(nested(60_000, true), "evidence"));
    assertTrue(e.getMessage().contains("encapsulated"), e.getMessage());
  }

  @Test
  void octetStringsNestedInOctetStringsAreProbedOnlyToTheDepthLimit() {
    // primitive inside primitive is data to Bouncy Castle; the probe stops at the limit, no overflow
    byte[] b = {0x05, 0x00};
    for (int i = 0; i < 3_000; i++) { // 04 len (04 len (... )) — each level a primitive holding BER
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0x04);
      out.write(0x84);
      out.writeBytes(new byte[] {(byte) (b.length >> 24), (byte) (b.length >> 16), (byte) (b.length >> 8), (byte) b.length});
      out.writeBytes(b);
      b = out.toByteArray();
      if (b.length > 1 << 20) {
        break;
      }
    }
    byte[] encoding = b;
    assertDoesNotThrow(() -> BerStructureCheck.check(encoding, "p"));
  }

  @Test
  void a64LevelStructurePasses() {
    assertDoesNotThrow(() -> BerStructureCheck.check(nested(64, false), "p"));
    assertThrows(BerStructureException.class, () -> BerStructureCheck.check(nested(65, false), "p"));
  }
}
