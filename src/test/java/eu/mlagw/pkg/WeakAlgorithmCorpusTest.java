package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.AlgorithmPolicy;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.crypto.ValidationTime;
import eu.mlagw.crypto.WeakCrypto;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.zip.ZipLimits;
import eu.mlagw.testing.ContainerForge;
import eu.mlagw.testing.PackageFixture;
import eu.mlagw.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cms.CMSAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weak or false things must not verify: each fixture is a package a trusted CA, a careless partner
 * or a holder of a leaked key could make, named by the attack, refused by the algorithm policy,
 * the seal profile or the validation-time rule. Nothing is released for any of them.
 */
class WeakAlgorithmCorpusTest {
  private static final PackageFixture F = new PackageFixture();
  private static final Instant NOW = TestPki.NOW;
  @TempDir Path dir;

  private GatewayException openFails(PackageOpener opener, Path packageFile, ReasonCode expected) {
    Path out = dir.resolve("opened");
    GatewayException e = assertThrows(GatewayException.class,
        () -> opener.open(packageFile, F.recipient.id(), F.recipient.encryption(), out, ProgressListener.NONE));
    assertEquals(expected, e.reason(), e.toString());
    assertFalse(Files.exists(out), "nothing may be released");
    return e;
  }

  private GatewayException openFails(Path packageFile, ReasonCode expected) {
    return openFails(F.opener(), packageFile, expected);
  }

  /** A container sealed with {@code signature} over its manifest, enveloped the gateway's way. */
  private Path sealedWith(Credential seal, String signatureAlgorithm, Instant signingTime) throws Exception {
    F.registerSeal(F.sender.id(), seal.certificate());
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    byte[] sig = WeakCrypto.sign(manifest, seal, signatureAlgorithm, signingTime, false);
    return ContainerForge.envelope(forge.container(forge.metadataXml(), manifest, sig).finish(),
        F.recipient.encryption().certificate(), dir.resolve("forged.p7m"));
  }

  /** A genuinely sealed container inside an envelope made by Bouncy Castle with the given algorithms. */
  private Path envelopedWith(boolean oaep, ASN1ObjectIdentifier contentAlgorithm) throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    byte[] container = forge.container(forge.metadataXml(), manifest, ContainerForge.sign(manifest, F.sender.seal()))
        .finish();
    return WeakCrypto.envelope(container, F.recipient.encryption().certificate(), oaep, contentAlgorithm,
        dir.resolve("envelope.p7m"));
  }

  private static Credential rsaSeal(int bits, String dn) throws Exception {
    return WeakCrypto.seal(F.pki.issuingAuthority(), dn, WeakCrypto.rsa(bits), NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void controlFixturesOpen() throws Exception {
    // guards the corpus: the generators make valid packages, so each refusal below is the attack's
    Path bc = envelopedWith(true, CMSAlgorithm.AES256_GCM);
    F.opener().open(bc, F.recipient.id(), F.recipient.encryption(), dir.resolve("bc"), ProgressListener.NONE);
    Path sha256 = sealedWith(rsaSeal(3072, "CN=AL-PG-TIRANA seal 3072"), "SHA256withRSA", NOW);
    F.opener().open(sha256, F.recipient.id(), F.recipient.encryption(), dir.resolve("sha256"), ProgressListener.NONE);
  }

  @Test
  void md5WithRsaSeal() throws Exception {
    GatewayException e = openFails(sealedWith(rsaSeal(3072, "CN=AL-PG-TIRANA seal md5"), "MD5withRSA", NOW),
        ReasonCode.ALGORITHM_REFUSED);
    assertTrue(e.getMessage().contains("got MD5") && e.getMessage().contains("allowed SHA-256"), e.getMessage());
  }

  @Test
  void sha1WithRsaSeal() throws Exception {
    GatewayException e = openFails(sealedWith(rsaSeal(3072, "CN=AL-PG-TIRANA seal sha1"), "SHA1withRSA", NOW),
        ReasonCode.ALGORITHM_REFUSED);
    assertTrue(e.getMessage().contains("got SHA1") || e.getMessage().contains("got SHA-1"), e.getMessage());
  }

  @Test
  void rsa1024SealFromTheTrustedCa() throws Exception {
    GatewayException e = openFails(sealedWith(rsaSeal(1024, "CN=AL-PG-TIRANA seal 1024"), "SHA256withRSA", NOW),
        ReasonCode.ALGORITHM_REFUSED);
    assertTrue(e.getMessage().contains("got RSA 1024 bits") && e.getMessage().contains("at least 3072"), e.getMessage());
  }

  @Test
  void rsa2048SealOnlyWhenConfiguredForLegacyPartners() throws Exception {
    Path p = sealedWith(rsaSeal(2048, "CN=AL-PG-TIRANA seal 2048"), "SHA256withRSA", NOW);
    openFails(p, ReasonCode.ALGORITHM_REFUSED);
    TrustPolicy legacy = new TrustPolicy(List.of(F.pki.rootCertificate()), List.of(F.pki.issuingCertificate()),
        F.pki.crls(), AlgorithmPolicy.of(true));
    new PackageOpener(new DetachedSignatureVerifier(legacy), F.sealCertificates(), ZipLimits.defaults(),
        Clock.systemUTC()).open(p, F.recipient.id(), F.recipient.encryption(), dir.resolve("legacy"),
            ProgressListener.NONE);
    assertFalse(AlgorithmPolicy.of(true).warnings().isEmpty(), "the relaxation is reported");
  }

  @Test
  void sealCertificateSignedWithSha1ByTheTrustedCa() throws Exception {
    Credential seal = WeakCrypto.issue(F.pki.issuingAuthority(), "CN=AL-PG-TIRANA seal sha1 cert",
        KeyKind.RSA_3072.generate(new java.security.SecureRandom()), KeyUsage.digitalSignature | KeyUsage.nonRepudiation,
        List.of(KeyPurposeId.id_kp_emailProtection), "SHA1withRSA", NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)));
    GatewayException e = openFails(sealedWith(seal, "SHA256withRSA", NOW), ReasonCode.ALGORITHM_REFUSED);
    assertTrue(e.getMessage().contains("issuer's signature"), e.getMessage());
  }

  @Test
  void pkcs1v15KeyTransport() throws Exception {
    GatewayException e = openFails(envelopedWith(false, CMSAlgorithm.AES256_GCM), ReasonCode.ALGORITHM_REFUSED);
    assertTrue(e.getMessage().contains("key transport") && e.getMessage().contains("allowed RSAES-OAEP"),
        e.getMessage());
  }

  @Test
  void aes128GcmContent() throws Exception {
    GatewayException e = openFails(envelopedWith(true, CMSAlgorithm.AES128_GCM), ReasonCode.ALGORITHM_REFUSED);
    assertTrue(e.getMessage().contains("allowed AES-256-GCM"), e.getMessage());
  }

  @Test
  void chaCha20Poly1305Content() throws Exception {
    GatewayException e = openFails(envelopedWith(true, CMSAlgorithm.ChaCha20Poly1305), ReasonCode.ALGORITHM_REFUSED);
    assertTrue(e.getMessage().contains("allowed AES-256-GCM"), e.getMessage());
  }

  @Test
  void expiredSealWithBackdatedSigningTime() throws Exception {
    // a key leaked after its certificate expired a year ago; the holder writes a signing time from its validity
    Credential old = F.pki.seal(F.sender.id(), KeyKind.RSA_3072, NOW.minus(Duration.ofDays(390)),
        NOW.minus(Duration.ofDays(365)));
    GatewayException e = openFails(sealedWith(old, "SHA256withRSA", NOW.minus(Duration.ofDays(380))),
        ReasonCode.CERT_EXPIRED);
    assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
  }

  @Test
  void expiredSealOpensAtAReceptionTimeTheVerifierRecorded() throws Exception {
    // the same rule, honestly used: the verifier itself recorded receiving it while the certificate was valid
    Credential seal = F.pki.seal(F.sender.id(), KeyKind.RSA_3072, NOW.minus(Duration.ofDays(10)),
        NOW.minus(Duration.ofDays(1)));
    Path p = sealedWith(seal, "SHA256withRSA", NOW.minus(Duration.ofDays(3)));
    openFails(p, ReasonCode.CERT_EXPIRED);
    OpenedPackage opened = F.opener().withValidationTime(ValidationTime.recorded(NOW.minus(Duration.ofDays(2)),
        "test reception record", Instant.now())).open(p, F.recipient.id(), F.recipient.encryption(),
            dir.resolve("recorded"), ProgressListener.NONE);
    assertTrue(Files.readString(dir.resolve("recorded").resolve(VerificationReport.TEXT_FILE))
        .contains("recorded by the verifier (test reception record)"));
    assertEquals(NOW.minus(Duration.ofDays(2)), opened.signature().validatedAt().at());
  }

  @Test
  void signingTimeAfterTheRecordedReception() throws Exception {
    Credential seal = F.pki.seal(F.sender.id(), KeyKind.RSA_3072, NOW.minus(Duration.ofDays(10)),
        NOW.plus(Duration.ofDays(10)));
    Path p = sealedWith(seal, "SHA256withRSA", NOW.minus(Duration.ofDays(1)));
    openFails(F.opener().withValidationTime(ValidationTime.recorded(NOW.minus(Duration.ofDays(2)), "test",
        Instant.now())), p, ReasonCode.SIGNATURE_INVALID);
  }

  @Test
  void serverAuthOnlySeal() throws Exception {
    Credential tlsLike = WeakCrypto.issue(F.pki.issuingAuthority(), "CN=AL-PG-TIRANA web server",
        KeyKind.RSA_3072.generate(new java.security.SecureRandom()), KeyUsage.digitalSignature,
        List.of(KeyPurposeId.id_kp_serverAuth), "SHA256withRSA", NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)));
    GatewayException e = openFails(sealedWith(tlsLike, "SHA256withRSA", NOW), ReasonCode.KEY_USAGE);
    assertTrue(e.getMessage().contains("emailProtection"), e.getMessage());
  }

  @Test
  void gatewaySealKeyPurposeIsPublished() {
    assertEquals("2.25.233985002965874774470891880943725927147", CertificateRole.GATEWAY_SEAL_KEY_PURPOSE);
  }
}
