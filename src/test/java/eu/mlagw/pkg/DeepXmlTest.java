package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.ContainerForge;
import eu.mlagw.testing.DeepXml;
import eu.mlagw.testing.PackageFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 150,000 nested elements in a package's XML are MALFORMED, not a StackOverflowError. */
class DeepXmlTest {
  private static final PackageFixture F = new PackageFixture();
  @TempDir Path dir;
  /** The nesting sits where the parser's caller reads text (a recursive walk in the DOM). */
  private static final byte[] DEEP_METADATA = DeepXml.inside("<Metadata xmlns=\"" + PackageMetadata.NS
      + "\"><Recipient>", 150_000, "</Recipient></Metadata>");
  private static final byte[] DEEP_MANIFEST = DeepXml.inside("<asic:ASiCManifest xmlns:asic=\""
      + AsicManifest.ASIC_NS + "\" xmlns:ds=\"" + AsicManifest.DS_NS + "\"><asic:SigReference URI=\""
      + AsicManifest.SIGNATURE_ENTRY + "\"/><asic:DataObjectReference URI=\"metadata.xml\"><ds:DigestMethod"
      + " Algorithm=\"" + AsicManifest.SHA256_URI + "\"/><ds:DigestValue>", 150_000,
      "</ds:DigestValue></asic:DataObjectReference></asic:ASiCManifest>");

  @Test
  void deeplyNestedMetadataXmlIsMalformed() {
    GatewayException e = assertThrows(GatewayException.class,
        () -> PackageMetadata.parse(DEEP_METADATA));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
    assertTrue(e.getMessage().contains(PackageMetadata.ENTRY), e.getMessage());
  }

  @Test
  void deeplyNestedManifestIsMalformed() {
    GatewayException e = assertThrows(GatewayException.class,
        () -> AsicManifest.parse(DEEP_MANIFEST));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
  }

  @Test
  void aSealedPackageWithADeeplyNestedManifestIsMalformed() throws Exception {
    // a registered office seals it: the signature verifies, the manifest parse must still hold
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = DEEP_MANIFEST;
    Path p = ContainerForge.envelope(forge.container(forge.metadataXml(), manifest,
        ContainerForge.sign(manifest, F.sender.seal())).finish(), F.recipient.encryption().certificate(),
        dir.resolve("deep.p7m"));
    Path out = dir.resolve("opened");
    GatewayException e = assertThrows(GatewayException.class,
        () -> F.opener().open(p, F.recipient.id(), F.recipient.encryption(), out, ProgressListener.NONE));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
    assertTrue(!Files.exists(out));
  }
}
