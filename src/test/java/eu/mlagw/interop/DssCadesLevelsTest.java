package eu.mlagw.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.EnvelopeInputStream;
import eu.mlagw.pkg.AsicManifest;
import eu.mlagw.testing.Dss;
import eu.mlagw.testing.PackageFixture;
import eu.mlagw.testing.TestTsa;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package seal judged by DSS 6.3 (the EU's reference validator), not by our own verifier: with a timestamp from a
 * real TSA it is CAdES-BASELINE-T and TOTAL_PASSED when the CRLs are handed in; with the validation data inside it is
 * CAdES-BASELINE-LT and TOTAL_PASSED offline, with nothing handed in but the root; a tampered manifest fails.
 */
class DssCadesLevelsTest {
  private static PackageFixture fixture;
  private static TestTsa tsa;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    fixture = new PackageFixture();
    tsa = new TestTsa(fixture.pki);
  }

  @AfterAll
  static void stop() {
    tsa.close();
  }

  /** manifest and signature.p7s of a package sealed by {@code signer}. */
  private byte[][] seal(DetachedSigner signer) throws Exception {
    Path p7m = fixture.seal(dir, signer).file();
    byte[] manifest = null;
    byte[] signature = null;
    try (InputStream in = new EnvelopeInputStream(Files.newInputStream(p7m), fixture.recipient.encryption());
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals(AsicManifest.ENTRY)) {
          manifest = zip.readAllBytes();
        } else if (e.getName().equals(AsicManifest.SIGNATURE_ENTRY)) {
          signature = zip.readAllBytes();
        }
      }
    }
    return new byte[][] {manifest, signature};
  }

  @Test
  void timestampedSealIsBaselineTAndPassesWithTheCrlsGiven() throws Exception {
    byte[][] sealed = seal(tsa.signer(fixture.sender.seal()));
    Dss.Result r = Dss.validate(sealed[1], sealed[0], fixture.pki.rootCertificate(), fixture.pki.crls());
    assertEquals(Indication.TOTAL_PASSED, r.indication(), r.toString());
    assertEquals(SignatureLevel.CAdES_BASELINE_T, r.level(), r.toString());
  }

  @Test
  void sealWithValidationDataIsBaselineLtAndPassesOffline() throws Exception {
    byte[][] sealed = seal(tsa.longTermSigner(fixture.sender.seal()));
    Dss.Result r = Dss.validate(sealed[1], sealed[0], fixture.pki.rootCertificate(), List.of());
    assertEquals(Indication.TOTAL_PASSED, r.indication(), r.toString());
    assertEquals(SignatureLevel.CAdES_BASELINE_LT, r.level(), r.toString());
  }

  @Test
  void tamperedManifestFails() throws Exception {
    byte[][] sealed = seal(tsa.longTermSigner(fixture.sender.seal()));
    byte[] edited = new String(sealed[0], StandardCharsets.UTF_8).replace("evidence", "evidenca")
        .getBytes(StandardCharsets.UTF_8);
    Dss.Result r = Dss.validate(sealed[1], edited, fixture.pki.rootCertificate(), fixture.pki.crls());
    assertNotEquals(Indication.TOTAL_PASSED, r.indication(), r.toString());
    assertEquals(Indication.TOTAL_FAILED, r.indication(), r.toString());
  }

}
