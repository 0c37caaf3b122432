package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetachedSignatureTest {
  private static final TestPki PKI = new TestPki();
  private static final byte[] MANIFEST = "<asic:ASiCManifest/>".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @CsvSource({"RSA_3072, RSA_PKCS1", "RSA_3072, RSA_PSS", "EC_P256, ECDSA"})
  void signsAndVerifiesWithEverySupportedScheme(KeyKind kind, SignatureScheme scheme) throws Exception {
    Credential seal = PKI.seal("AL-PG-TIRANA", kind, TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(9)));
    Instant signingTime = Instant.now().minusSeconds(5);
    byte[] sig = new DetachedSigner(seal, scheme).sign(MANIFEST, signingTime);
    VerifiedSignature v = new DetachedSignatureVerifier(PKI.trustPolicy()).verify(sig, MANIFEST, Instant.now());
    assertEquals(seal.certificate(), v.signer());
    assertEquals(3, v.chain().size(), "leaf, issuing CA, root");
    assertEquals(signingTime.getEpochSecond(), v.signingTime().getEpochSecond());
  }

  @Test
  void rejectsSignatureOverOtherContent() throws Exception {
    Credential seal = PKI.participant("RS-HC-BELGRADE", KeyKind.EC_P256).seal();
    byte[] sig = new DetachedSigner(seal).sign(MANIFEST, Instant.now());
    GatewayException e = assertThrows(GatewayException.class, () -> new DetachedSignatureVerifier(PKI.trustPolicy())
        .verify(sig, "<other/>".getBytes(StandardCharsets.UTF_8), Instant.now()));
    assertEquals(ReasonCode.SIGNATURE_INVALID, e.reason());
    assertTrue(e.getMessage().contains("changed after it was signed"), e.getMessage());
  }

  @Test
  void rejectsSigningTimeInTheFuture() throws Exception {
    Credential seal = PKI.participant("ME-SPO-PODGORICA", KeyKind.EC_P256).seal();
    byte[] sig = new DetachedSigner(seal).sign(MANIFEST, Instant.now().plus(Duration.ofDays(2)));
    GatewayException e = assertThrows(GatewayException.class,
        () -> new DetachedSignatureVerifier(PKI.trustPolicy()).verify(sig, MANIFEST, Instant.now()));
    assertEquals(ReasonCode.SIGNATURE_INVALID, e.reason());
    assertTrue(e.getMessage().contains("future"), e.getMessage());
  }

  @Test
  void failsClosedWhenNoCrlCoversTheIssuer() throws Exception {
    Credential seal = PKI.participant("MK-PPO-SKOPJE", KeyKind.EC_P256).seal();
    byte[] sig = new DetachedSigner(seal).sign(MANIFEST, Instant.now());
    TrustPolicy withoutCrls = new TrustPolicy(List.of(PKI.rootCertificate()), List.of(PKI.issuingCertificate()), List.of());
    GatewayException e = assertThrows(GatewayException.class,
        () -> new DetachedSignatureVerifier(withoutCrls).verify(sig, MANIFEST, Instant.now()));
    assertEquals(ReasonCode.CERT_UNTRUSTED, e.reason());
    assertTrue(e.getMessage().contains("no configured CRL covers"), e.getMessage());
  }

  @Test
  void acceptsACrlIssuedAfterTheSigningTime() throws Exception {
    Credential seal = PKI.participant("BA-PO-SARAJEVO", KeyKind.RSA_3072).seal();
    // signed "yesterday", before the CRL's thisUpdate... of today: a routine CRL refresh must not break old packages
    byte[] sig = new DetachedSigner(seal).sign(MANIFEST, Instant.now().minus(Duration.ofDays(3)));
    VerifiedSignature v = new DetachedSignatureVerifier(PKI.trustPolicy()).verify(sig, MANIFEST, Instant.now());
    assertEquals(seal.certificate(), v.signer());
  }

  @Test
  void failsClosedWhenTheOnlyCrlIsStale() throws Exception {
    Credential seal = PKI.participant("XK-SPO-PRISHTINA", KeyKind.EC_P256).seal();
    byte[] sig = new DetachedSigner(seal).sign(MANIFEST, Instant.now());
    java.security.cert.X509CRL staleIssuingCrl = PKI.issuingAuthority().issueCrl(List.of(),
        TestPki.NOW.minus(Duration.ofDays(40)), TestPki.NOW.minus(Duration.ofDays(10)), java.math.BigInteger.TWO);
    TrustPolicy stale = new TrustPolicy(List.of(PKI.rootCertificate()), List.of(PKI.issuingCertificate()),
        List.of(PKI.crls().get(0), staleIssuingCrl));
    GatewayException e = assertThrows(GatewayException.class,
        () -> new DetachedSignatureVerifier(stale).verify(sig, MANIFEST, Instant.now()));
    assertEquals(ReasonCode.CERT_UNTRUSTED, e.reason());
    assertTrue(e.getMessage().contains("expired on"), e.getMessage());
  }

  @Test
  void rejectsGarbageAsMalformed() {
    GatewayException e = assertThrows(GatewayException.class, () -> new DetachedSignatureVerifier(PKI.trustPolicy())
        .verify("not a signature".getBytes(StandardCharsets.UTF_8), MANIFEST, Instant.now()));
    assertEquals(ReasonCode.MALFORMED, e.reason());
  }
}
