package eu.mlagw.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.ValidationTime;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only a gateway issues evidences: a Delivery naming gateway gw-a is accepted only if sealed with
 * gw-a's configured evidence seal, which must carry the gateway-seal key purpose.
 */
class EvidenceIssuerTest {
  private static final TestPki PKI = new TestPki();
  private static final Credential GW_A = PKI.gatewaySeal("gw-a", KeyKind.EC_P256);
  private static final Credential GW_B = PKI.gatewaySeal("gw-b", KeyKind.EC_P256);
  private static final Credential OFFICE = PKI.participant("AL-PG-TIRANA", KeyKind.EC_P256).seal();
  /** A seal configured for gw-c that was issued as an ordinary (participant) seal, without the key purpose. */
  private static final Credential GW_C_PLAIN = PKI.seal("gw-c", KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(1)),
      TestPki.NOW.plus(Duration.ofDays(30)));
  private static final Map<String, X509Certificate> CONFIGURED = Map.of("gw-a", GW_A.certificate(),
      "gw-b", GW_B.certificate(), "gw-c", GW_C_PLAIN.certificate());
  @TempDir Path dir;

  private EvidenceVerifier verifier() {
    return new EvidenceVerifier(PKI.trustPolicy(), id -> Optional.ofNullable(CONFIGURED.get(id)));
  }

  private byte[] delivery(String namedIssuer, Credential sealedBy, Clock clock) throws Exception {
    Path p = new EvidenceIssuer(namedIssuer, new DetachedSigner(sealedBy), clock).issue(dir, EvidenceType.Delivery,
        "0190c0de-0000-7000-8000-000000000001", "AL-PG-TIRANA", "RS-HC-BELGRADE", null, null, "delivered");
    byte[] bytes = Files.readAllBytes(p);
    Files.delete(p);
    return bytes;
  }

  private void refused(byte[] evidence, ReasonCode expected) {
    GatewayException e = assertThrows(GatewayException.class, () -> verifier().verify(evidence, Instant.now()));
    assertEquals(expected, e.reason(), e.toString());
  }

  @Test
  void deliveryByTheNamedGatewaysSealVerifies() throws Exception {
    EvidenceVerifier.VerifiedEvidence v = verifier().verify(delivery("gw-a", GW_A, Clock.systemUTC()), Instant.now());
    assertEquals("gw-a", v.evidence().issuingGateway());
  }

  @Test
  void deliveryNamingAGatewaySealedByAnOffice() throws Exception {
    refused(delivery("gw-a", OFFICE, Clock.systemUTC()), ReasonCode.EVIDENCE_ISSUER_INVALID);
  }

  @Test
  void deliveryNamingAGatewaySealedByAnotherGateway() throws Exception {
    refused(delivery("gw-a", GW_B, Clock.systemUTC()), ReasonCode.EVIDENCE_ISSUER_INVALID);
  }

  @Test
  void deliveryNamingAGatewayWithoutAConfiguredSeal() throws Exception {
    refused(delivery("gw-unknown", GW_A, Clock.systemUTC()), ReasonCode.EVIDENCE_ISSUER_INVALID);
  }

  @Test
  void deliveryByAConfiguredSealWithoutTheGatewayKeyPurpose() throws Exception {
    GatewayException e = assertThrows(GatewayException.class,
        () -> verifier().verify(delivery("gw-c", GW_C_PLAIN, Clock.systemUTC()), Instant.now()));
    assertEquals(ReasonCode.EVIDENCE_ISSUER_INVALID, e.reason());
    assertTrue(e.getMessage().contains("2.25.233985002965874774470891880943725927147"), e.getMessage());
  }

  @Test
  void deliveryBackdatedWithAnExpiredGatewaySeal() throws Exception {
    Credential expired = PKI.gatewaySeal("gw-a", KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(100)),
        TestPki.NOW.minus(Duration.ofDays(50)));
    Clock past = Clock.fixed(TestPki.NOW.minus(Duration.ofDays(60)), ZoneOffset.UTC);
    byte[] evidence = delivery("gw-a", expired, past);
    EvidenceVerifier v = new EvidenceVerifier(PKI.trustPolicy(), id -> Optional.of(expired.certificate()));
    GatewayException e = assertThrows(GatewayException.class,
        () -> v.verify(evidence, ValidationTime.receivedAt(Instant.now(), Instant.now())));
    assertEquals(ReasonCode.CERT_EXPIRED, e.reason(), e.toString());
  }
}
