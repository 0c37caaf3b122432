package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.mlagw.testing.Dss;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mlagw pki init} writes for trusted time and long-term validation: a TSA certificate with the critical
 * id-kp-timeStamping key purpose that {@code mlagw tsa} serves, and AIA / CRL distribution points in every
 * certificate below the root; a seal made with them is B-T for our verifier and B-LT, TOTAL_PASSED offline, for DSS.
 */
class SamplePkiTimeStampingTest {
  private static final char[] PASSWORD = "sample-password".toCharArray();
  @TempDir static Path out;

  /** One PKI for both tests: making RSA-3072 keys is what this test spends its time on. */
  @org.junit.jupiter.api.BeforeAll
  static void pkiInit() throws Exception {
    new SamplePkiWriter(new SecureRandom(), KeyKind.RSA_3072, Instant.now()).publishingAt("http://pki.test/ca")
        .write(out, "Court PKI", List.of("AL-PG-TIRANA"), List.of("gw-al"), PASSWORD);
  }

  @Test
  void pkiInitMakesATsaAndCertificatesWithAiaAndCrlDistributionPoints() throws Exception {
    X509Certificate tsaCert = KeyStoreFiles.readCertificate(out.resolve("tsa/tsa.pem"));
    assertTrue(tsaCert.getCriticalExtensionOIDs().contains("2.5.29.37"), "EKU critical");
    assertEquals(List.of("1.3.6.1.5.5.7.3.8"), tsaCert.getExtendedKeyUsage());

    X509Certificate sealCert = KeyStoreFiles.readCertificate(out.resolve("participants/AL-PG-TIRANA/seal.pem"));
    X509CertificateHolder h = new X509CertificateHolder(sealCert.getEncoded());
    AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(h.getExtensions());
    assertEquals("http://pki.test/ca/issuing-ca.cer", aia.getAccessDescriptions()[0].getAccessLocation().getName().toString());
    CRLDistPoint cdp = CRLDistPoint.fromExtensions(h.getExtensions());
    assertTrue(cdp.toString().contains("http://pki.test/ca/issuing-ca.crl"), cdp.toString());
    X509CertificateHolder issuing = new X509CertificateHolder(
        KeyStoreFiles.readCertificate(out.resolve("ca/issuing-ca.pem")).getEncoded());
    assertTrue(CRLDistPoint.fromExtensions(issuing.getExtensions()).toString().contains("http://pki.test/ca/root-ca.crl"));
    assertNotNull(h.getExtension(Extension.cRLDistributionPoints));
    // the DER files to publish at those URLs are the same CRLs the PEM files hold
    assertEquals(KeyStoreFiles.readCrls(out.resolve("ca/issuing-ca.crl.pem")).get(0),
        java.security.cert.CertificateFactory.getInstance("X.509").generateCRL(
            Files.newInputStream(out.resolve("ca/issuing-ca.crl"))));
  }

  @Test
  void sealTimestampedByThePkiInitTsaIsLongTermForDss() throws Exception {
    X509Certificate root = KeyStoreFiles.readCertificate(out.resolve("ca/root-ca.pem"));
    X509Certificate issuing = KeyStoreFiles.readCertificate(out.resolve("ca/issuing-ca.pem"));
    List<X509CRL> crls = new ArrayList<>(KeyStoreFiles.readCrls(out.resolve("ca/root-ca.crl.pem")));
    crls.addAll(KeyStoreFiles.readCrls(out.resolve("ca/issuing-ca.crl.pem")));
    Credential tsa = KeyStoreFiles.readCredential(out.resolve("tsa/tsa.p12"), PASSWORD);
    try (TimeStampServer server = TimeStampServer.start(new TimeStampAuthority(tsa, Clock.systemUTC()), "127.0.0.1", 0)) {
      TimeStampClient client = new TimeStampClient(server.url(), List.of(root), Duration.ofSeconds(5));
      Credential seal = KeyStoreFiles.readCredential(out.resolve("participants/AL-PG-TIRANA/seal.p12"), PASSWORD);
      DetachedSigner signer = new DetachedSigner(seal, new SealAdditions(Optional.of(client), List.of(root, issuing), crls));
      byte[] content = "<asic:ASiCManifest/>".getBytes(StandardCharsets.UTF_8);
      byte[] p7s = signer.sign(content, Instant.now());

      VerifiedSignature v = new DetachedSignatureVerifier(new TrustPolicy(List.of(root), List.of(issuing), crls))
          .verify(p7s, content, Instant.now());
      assertEquals("B-T", v.level());
      assertEquals(tsa.certificate(), v.trustedTime().orElseThrow().authority());

      Dss.Result r = Dss.validate(p7s, content, root, List.of());
      assertEquals(Indication.TOTAL_PASSED, r.indication(), r.toString());
      assertEquals(SignatureLevel.CAdES_BASELINE_LT, r.level(), r.toString());
    }
  }
}
