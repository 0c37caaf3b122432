package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import org.junit.jupiter.api.Test;

/** What the server accepts as transfer metadata before it reads a single byte of the package. */
class TransferMetadataTest {
  private static final String SHA = "AB".repeat(32);

  @Test
  void validMetadataIsNormalised() throws Exception {
    TransferMetadata m = TransferMetadata.fromWire(wire("ex-1", "gw-a", SHA, 10));
    assertEquals("ab".repeat(32), m.packageSha256());
    assertEquals(10, m.packageSize());
  }

  @Test
  void badMetadataIsMalformed() {
    for (PackageTransfer bad : new PackageTransfer[] {
        wire(null, "gw-a", SHA, 10),
        wire(" ", "gw-a", SHA, 10),
        wire("ex\n1", "gw-a", SHA, 10),
        wire("x".repeat(TransferMetadata.MAX_TEXT + 1), "gw-a", SHA, 10),
        wire("ex-1", "gw-a", "abc", 10),
        wire("ex-1", "gw-a", "zz".repeat(32), 10),
        wire("ex-1", "gw-a", SHA, -1)}) {
      GatewayException e = assertThrows(GatewayException.class, () -> TransferMetadata.fromWire(bad));
      assertEquals(ReasonCode.MALFORMED, e.reason());
      assertTrue(e.getMessage().startsWith("the transfer's metadata is invalid: "), e.getMessage());
    }
  }

  private static PackageTransfer wire(String exchangeId, String gateway, String sha, long size) {
    PackageTransfer t = new PackageTransfer();
    t.setExchangeId(exchangeId);
    t.setSenderParticipant("PO-A");
    t.setRecipientParticipant("PO-B");
    t.setSenderGateway(gateway);
    t.setPackageSha256(sha);
    t.setPackageSize(size);
    return t;
  }
}
