package eu.mlagw.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.mlagw.audit.Checkpoint;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.VerifiedCheckpoint;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.evidence.EvidenceVerifier;
import eu.mlagw.testing.Dss;
import eu.mlagw.testing.OpenSsl;
import eu.mlagw.testing.TestPki;
import eu.mlagw.testing.TestTsa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidences and audit checkpoints carry a signature-time-stamp too: our verifiers report the trusted time, DSS
 * validates an evidence at B-T (CRLs given) and B-LT (offline) and fails a tampered one, and OpenSSL still verifies
 * a timestamped seal (the unsigned attribute does not disturb it).
 */
class TimestampedRecordsTest {
  private static TestPki pki;
  private static TestTsa tsa;
  private static Credential gatewaySeal;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("Records");
    tsa = new TestTsa(pki);
    gatewaySeal = pki.gatewaySeal("gw-a", KeyKind.RSA_3072);
  }

  @AfterAll
  static void stop() {
    tsa.close();
  }

  private byte[] delivery() throws Exception {
    Path p = new EvidenceIssuer("gw-a", tsa.longTermSigner(gatewaySeal), Clock.systemUTC()).issue(dir,
        EvidenceType.Delivery, "0190c0de-0000-7000-8000-000000000001", "AL-PG-TIRANA", "RS-HC-BELGRADE", null, null,
        "delivered");
    return Files.readAllBytes(p);
  }

  @Test
  void evidenceReportsItsTrustedTimeAndValidatesInDss() throws Exception {
    byte[] evidence = delivery();
    EvidenceVerifier.VerifiedEvidence v = new EvidenceVerifier(pki.trustPolicy(),
        id -> Optional.of(gatewaySeal.certificate())).verify(evidence, Instant.now());
    assertEquals("B-T", v.signature().level());
    assertTrue(v.signature().trustedTimeLine().startsWith("trusted time "), v.signature().trustedTimeLine());

    Dss.Result withCrls = Dss.validate(evidence, null, pki.rootCertificate(), pki.crls());
    assertEquals(Indication.TOTAL_PASSED, withCrls.indication(), withCrls.toString());
    Dss.Result offline = Dss.validate(evidence, null, pki.rootCertificate(), List.of());
    assertEquals(Indication.TOTAL_PASSED, offline.indication(), offline.toString());
    assertEquals(SignatureLevel.CAdES_BASELINE_LT, offline.level(), offline.toString());
  }

  /** Every evidence type, as the lifecycle issues it (refusals with a reason code, a package digest or none). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(EvidenceType.class)
  void everyEvidenceTypeValidatesInDssAtBaselineLtWithAndWithoutCrls(EvidenceType type) throws Exception {
    Path packageFile = Files.write(dir.resolve("package.p7m"), new byte[] {1, 2, 3});
    boolean refusal = type == EvidenceType.SubmissionRejection || type == EvidenceType.RelayRejection
        || type == EvidenceType.NonDelivery;
    Path p = new EvidenceIssuer("gw-a", tsa.longTermSigner(gatewaySeal), Clock.systemUTC()).issue(dir, type,
        "0190c0de-0000-7000-8000-000000000002", "AL-PG-TIRANA", "RS-HC-BELGRADE",
        type == EvidenceType.SubmissionRejection ? null : packageFile, refusal ? "PEER_UNTRUSTED" : null,
        type.name());
    byte[] evidence = Files.readAllBytes(p);
    Dss.Result withCrls = Dss.validate(evidence, null, pki.rootCertificate(), pki.crls());
    assertEquals(Indication.TOTAL_PASSED, withCrls.indication(), type + ": " + withCrls);
    assertEquals(SignatureLevel.CAdES_BASELINE_LT, withCrls.level(), type + ": " + withCrls);
    Dss.Result offline = Dss.validate(evidence, null, pki.rootCertificate(), List.of());
    assertEquals(Indication.TOTAL_PASSED, offline.indication(), type + " offline: " + offline);
  }

  @Test
  void tamperedEvidenceFailsInDss() throws Exception {
    byte[] evidence = delivery();
    String latin1 = new String(evidence, StandardCharsets.ISO_8859_1);
    int at = latin1.indexOf("RS-HC-BELGRADE");
    assertTrue(at > 0);
    evidence[at] = 'X'; // the recipient named in the signed statement, changed after signing
    Dss.Result r = Dss.validate(evidence, null, pki.rootCertificate(), pki.crls());
    assertNotEquals(Indication.TOTAL_PASSED, r.indication(), r.toString());
  }

  @Test
  void checkpointSignatureCarriesAVerifiedTimestamp() throws Exception {
    eu.mlagw.crypto.NoteSigner noteKey = eu.mlagw.testing.TestNoteKeys.of("gw-a");
    byte[] signed = new CheckpointSigner(tsa.signer(gatewaySeal), noteKey).sign(
        new Checkpoint(Checkpoint.originOf("gw-a"), 3, new byte[32], Instant.now()));
    VerifiedCheckpoint v = new CheckpointVerifier(pki.trustPolicy(), List.of(gatewaySeal.certificate()),
        noteKey.verifierKey()).verify(signed, Instant.now());
    assertEquals(tsa.credential.certificate(), v.signature().trustedTime().orElseThrow().authority());
  }

  @Test
  void opensslVerifiesATimestampedSeal() throws Exception {
    byte[] content = "<asic:ASiCManifest/>".getBytes(StandardCharsets.UTF_8);
    Credential seal = pki.seal("AL-PG-TIRANA", KeyKind.RSA_3072, TestPki.NOW.minusSeconds(3600),
        TestPki.NOW.plusSeconds(86400));
    Files.write(dir.resolve("signature.p7s"), tsa.longTermSigner(seal).sign(content, Instant.now()));
    Files.write(dir.resolve("manifest.xml"), content);
    Files.writeString(dir.resolve("root.pem"), KeyStoreFiles.pem(pki.rootCertificate()));
    String[] verify = {"cms", "-verify", "-binary", "-inform", "DER", "-in", "signature.p7s", "-content",
        "manifest.xml", "-CAfile", "root.pem", "-out", "/dev/null"};
    assertTrue(OpenSsl.ok(dir, verify).contains("Verification successful"));
    Files.writeString(dir.resolve("manifest.xml"), "<asic:ASiCManifest />");
    assertNotEquals(0, OpenSsl.run(dir, verify).exitCode());
  }
}
