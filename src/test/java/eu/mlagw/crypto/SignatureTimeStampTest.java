package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import eu.mlagw.testing.TestTsa;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 3161 signature-time-stamps (CAdES-B-T) from a real TSA over HTTP: made, checked, refused when wrong. */
class SignatureTimeStampTest {
  private static final byte[] CONTENT = "<manifest/>".getBytes(StandardCharsets.UTF_8);
  private static TestPki pki;
  private static TestTsa tsa;
  private static Credential seal;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("TSA");
    tsa = new TestTsa(pki);
    seal = pki.seal("AL-PG-TIRANA", KeyKind.RSA_3072, TestPki.NOW.minus(Duration.ofDays(1)),
        TestPki.NOW.plus(Duration.ofDays(30)));
  }

  @AfterAll
  static void stop() {
    tsa.close();
  }

  @Test
  void sealCarriesAVerifiedSignatureTimeStamp() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    byte[] p7s = tsa.signer(seal).sign(CONTENT, Instant.now());
    VerifiedSignature v = new DetachedSignatureVerifier(pki.trustPolicy()).verify(p7s, CONTENT, Instant.now());
    assertTrue(v.trustedTime().isPresent());
    TrustedTime t = v.trustedTime().get();
    assertFalse(t.time().isBefore(before));
    assertFalse(t.time().isAfter(Instant.now()));
    assertEquals(tsa.credential.certificate(), t.authority());
    assertEquals(TimeStampAuthority.POLICY, t.policy());
    assertEquals(pki.rootCertificate(), t.chain().get(t.chain().size() - 1));
    assertEquals("B-T", v.level());
  }

  @Test
  void sealWithoutTimestamperIsLevelB() throws Exception {
    byte[] p7s = new DetachedSigner(seal).sign(CONTENT, Instant.now());
    VerifiedSignature v = new DetachedSignatureVerifier(pki.trustPolicy()).verify(p7s, CONTENT, Instant.now());
    assertEquals(Optional.empty(), v.trustedTime());
    assertEquals("B", v.level());
  }

  @Test
  void timestampOfAnotherSignatureIsRefused() throws Exception {
    // swapped-timestamp: the token of signature B attached to signature A (imprint mismatch)
    CMSSignedData a = new CMSSignedData(new CMSProcessableByteArray(CONTENT), tsa.signer(seal).sign(CONTENT, Instant.now()));
    CMSSignedData b = new CMSSignedData(new CMSProcessableByteArray(CONTENT),
        tsa.signer(seal).sign(CONTENT, Instant.now().minusSeconds(5)));
    SignerInformation sa = a.getSignerInfos().getSigners().iterator().next();
    SignerInformation sb = b.getSignerInfos().getSigners().iterator().next();
    SignerInformation forged = SignerInformation.replaceUnsignedAttributes(sa, sb.getUnsignedAttributes());
    byte[] p7s = CMSSignedData.replaceSigners(a, new SignerInformationStore(forged)).getEncoded("DER");
    GatewayException e = assertThrows(GatewayException.class,
        () -> new DetachedSignatureVerifier(pki.trustPolicy()).verify(p7s, CONTENT, Instant.now()));
    assertEquals(ReasonCode.TIMESTAMP_INVALID, e.reason());
    assertTrue(e.getMessage().contains("message imprint mismatch"), e.getMessage());
  }

  @Test
  void timestampFromAnUntrustedTsaIsRefused() throws Exception {
    TestPki other = new TestPki("Other");
    try (TestTsa foreign = new TestTsa(other)) {
      byte[] p7s = foreign.signer(seal).sign(CONTENT, Instant.now());
      GatewayException e = assertThrows(GatewayException.class,
          () -> new DetachedSignatureVerifier(pki.trustPolicy()).verify(p7s, CONTENT, Instant.now()));
      assertEquals(ReasonCode.TIMESTAMP_INVALID, e.reason());
      assertTrue(e.getMessage().contains("TSA is not trusted"), e.getMessage());
    }
  }

  @Test
  void clientRefusesATsaThatDoesNotChainToItsAnchor() {
    TimeStampClient client = new TimeStampClient(tsa.server.url(), List.of(new TestPki("Elsewhere").rootCertificate()),
        Duration.ofSeconds(5));
    GatewayException e = assertThrows(GatewayException.class, () -> client.stamp(new byte[32]));
    assertEquals(ReasonCode.TSA_UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains("does not chain to timestamping.trustAnchor"), e.getMessage());
  }

  @Test
  void unreachableTsaFailsTheSealInsteadOfLeavingItUntimestamped() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TimeStampClient client = new TimeStampClient(URI.create("http://127.0.0.1:" + port + "/tsa"),
        List.of(pki.rootCertificate()), Duration.ofSeconds(2));
    DetachedSigner signer = new DetachedSigner(seal, new SealAdditions(Optional.of(client), List.of(), List.of()));
    GatewayException e = assertThrows(GatewayException.class, () -> signer.sign(CONTENT, Instant.now()));
    assertEquals(ReasonCode.TSA_UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
  }

  @Test
  void authorityRefusesACertificateWithoutTimeStampingKeyPurpose() {
    GatewayException e = assertThrows(GatewayException.class,
        () -> new TimeStampAuthority(seal, java.time.Clock.systemUTC()));
    assertEquals(ReasonCode.KEY_USAGE, e.reason());
    assertTrue(e.getMessage().contains("id-kp-timeStamping"), e.getMessage());
  }

  @Test
  void authorityRejectsGarbageWithAStatusNotAnException() throws Exception {
    byte[] answer = new TimeStampAuthority(tsa.credential, java.time.Clock.systemUTC()).respond(new byte[] {1, 2, 3});
    org.bouncycastle.tsp.TimeStampResponse r = new org.bouncycastle.tsp.TimeStampResponse(answer);
    assertEquals(org.bouncycastle.asn1.cmp.PKIStatus.REJECTION, r.getStatus());
  }

  @Test
  void longTermSignerEmbedsRootAndCrls() throws Exception {
    byte[] p7s = tsa.longTermSigner(seal).sign(CONTENT, Instant.now());
    CMSSignedData sd = new CMSSignedData(new CMSProcessableByteArray(CONTENT), p7s);
    assertEquals(2, sd.getCRLs().getMatches(null).size());
    // seal, issuing CA, root, TSA (the TSA's issuer is the same issuing CA)
    assertEquals(4, sd.getCertificates().getMatches(null).size());
    assertTrue(sd.getSignerInfos().getSigners().iterator().next().getUnsignedAttributes()
        .get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken) != null);
    assertEquals("B-T", new DetachedSignatureVerifier(pki.trustPolicy()).verify(p7s, CONTENT, Instant.now()).level());
  }

  /** What a timestamp costs per seal, against a TSA on loopback (printed; the docs quote it). */
  @Test
  void measureTimestampCostPerSeal() throws Exception {
    DetachedSigner plain = new DetachedSigner(seal);
    DetachedSigner stamped = tsa.signer(seal);
    for (int i = 0; i < 20; i++) {
      plain.sign(CONTENT, Instant.now());
      stamped.sign(CONTENT, Instant.now());
    }
    int n = 50;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      plain.sign(CONTENT, Instant.now());
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      stamped.sign(CONTENT, Instant.now());
    }
    long t2 = System.nanoTime();
    double plainMs = (t1 - t0) / 1e6 / n;
    double stampedMs = (t2 - t1) / 1e6 / n;
    System.out.printf("seal RSA-3072: %.2f ms without, %.2f ms with a timestamp (loopback TSA, RSA-3072): +%.2f ms%n",
        plainMs, stampedMs, stampedMs - plainMs);
    assertTrue(stampedMs > plainMs, "a timestamp costs a TSA signature and a round trip");
  }
}
