package eu.mlagw.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EvidenceVerifier} reads both formats (REM, and the old {@code urn:mlagw:evidence:1} of
 * evidences already in sent/ folders), and refuses a REM evidence whose structure is wrong even when
 * the issuing gateway sealed it: one fixture per defect, each a valid evidence with one change.
 */
class EvidenceFormatsTest {
  private static final TestPki PKI = new TestPki();
  private static final Credential GW = PKI.gatewaySeal("gw-al", KeyKind.EC_P256);
  private static final String EXCHANGE = "0190c0de-1234-7abc-8def-0123456789ab";
  private static final Instant NOW = TestPki.NOW;
  @TempDir Path dir;

  private EvidenceVerifier verifier() {
    return new EvidenceVerifier(PKI.trustPolicy(), id -> Optional.ofNullable(Map.of("gw-al", GW.certificate()).get(id)));
  }

  private String remXml(EvidenceType type, String reason) throws Exception {
    Path p = new EvidenceIssuer("gw-al", new DetachedSigner(GW), Clock.fixed(NOW, ZoneOffset.UTC)).issueForDigest(dir,
        type, EXCHANGE, "AL-PG-TIRANA", "RS-HC-BELGRADE",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", reason, "details");
    byte[] xml = new eu.mlagw.crypto.DetachedSignatureVerifier(PKI.trustPolicy()).verifyEncapsulated(
        Files.readAllBytes(p), NOW).content();
    Files.delete(p);
    return new String(xml, StandardCharsets.UTF_8);
  }

  private byte[] seal(String xml) throws GatewayException {
    return new DetachedSigner(GW).signEncapsulating(xml.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void remEvidenceVerifiesAsRem() throws Exception {
    EvidenceVerifier.VerifiedEvidence v = verifier().verify(seal(remXml(EvidenceType.NonDelivery,
        "DELIVERY_DEADLINE_PASSED")), NOW);
    assertEquals(Evidence.Format.ETSI_REM, v.format());
    assertEquals(EvidenceType.NonDelivery, v.evidence().type());
    assertEquals(Optional.of("DELIVERY_DEADLINE_PASSED"), v.evidence().reasonCode());
    assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", v.evidence().packageSha256());
  }

  @Test
  void oldFormatEvidencesStillVerify() throws Exception {
    for (EvidenceType type : EvidenceType.values()) {
      String reason = type == EvidenceType.RelayRejection ? "POLICY_DENIED" : null;
      EvidenceVerifier.VerifiedEvidence v = verifier().verify(LegacyEvidences.signed(new DetachedSigner(GW), "gw-al",
          type, EXCHANGE, NOW, reason), NOW);
      assertEquals(Evidence.Format.MLAGW_1, v.format());
      assertEquals(new Evidence("0190c0de-0000-7000-8000-00000000e01d", type, EXCHANGE, "AL-PG-TIRANA",
          "RS-HC-BELGRADE", "gw-al", NOW, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          Optional.ofNullable(reason), "issued before REM evidences"), v.evidence());
    }
  }

  @Test
  void aTamperedRemEvidenceIsRefused() throws Exception {
    byte[] p7s = seal(remXml(EvidenceType.Delivery, null));
    String marker = "RS-HC-BELGRADE";
    String latin1 = new String(p7s, StandardCharsets.ISO_8859_1);
    int at = latin1.indexOf(marker);
    assertTrue(at > 0);
    p7s[at + marker.length() - 1] = 'F'; // the delivery now names another recipient
    GatewayException e = assertThrows(GatewayException.class, () -> verifier().verify(p7s, NOW));
    assertEquals(ReasonCode.SIGNATURE_INVALID, e.reason(), e.toString());
  }

  /** Malformed REM evidences, each sealed by the right gateway: named by the defect. */
  private static final Map<String, UnaryOperator<String>> MALFORMED = Map.ofEntries(
      Map.entry("missing-evidence-identifier", x -> x.replaceFirst("(?s)  <EvidenceIdentifier>.*?</EvidenceIdentifier>\n", "")),
      Map.entry("missing-event-code", x -> x.replaceFirst("(?s)  <EventCode>.*?</EventCode>\n", "")),
      Map.entry("missing-event-time", x -> x.replaceFirst("(?s)  <EventTime>.*?</EventTime>\n", "")),
      Map.entry("missing-recipient", x -> x.replaceFirst("(?s)  <RecipientsDetails>.*?</RecipientsDetails>\n", "")),
      Map.entry("missing-message-details", x -> x.replaceFirst("(?s)  <SenderMessageDetails.*?</SenderMessageDetails>\n", "")),
      Map.entry("missing-version", x -> x.replace(" version=\"2.1.1\"", "")),
      Map.entry("issuer-without-gateway-address", x -> x.replace("scheme=\"urn:mlagw:gateway\"", "scheme=\"mailto\"")),
      Map.entry("elements-out-of-order", x -> x.replaceFirst("(?s)(  <EvidenceIdentifier>.*?</EvidenceIdentifier>\n)(.*?)(  <EventTime>)", "$2$1$3")),
      Map.entry("element-repeated", x -> x.replaceFirst("(?s)(  <EventTime>.*?</EventTime>\n)", "$1$1")),
      Map.entry("element-not-in-schema", x -> x.replace("  <EventTime>", "  <DeliveredTo>x</DeliveredTo>\n  <EventTime>")),
      Map.entry("event-code-of-another-evidence", x -> x.replace("Event#Delivery<", "Event#Acceptance<")),
      Map.entry("event-code-misspelt", x -> x.replace("http://uri.etsi.org/REM/Event#Delivery", "http:uri.etsi.org/REM/Event#Delivery")),
      Map.entry("evidence-we-never-issue", x -> x.replace("DeliveryNonDeliveryToRecipient", "RelayREMMDFailure")),
      Map.entry("digest-not-sha256", x -> x.replace("xmlenc#sha256", "xmldsig#sha1")),
      Map.entry("digest-truncated", x -> x.replaceFirst("<ds:DigestValue>....", "<ds:DigestValue>")),
      Map.entry("event-time-not-a-time", x -> x.replaceFirst("<EventTime>[^<]*<", "<EventTime>yesterday<")),
      Map.entry("text-between-elements", x -> x.replace("  <EventTime>", "  stray text\n  <EventTime>")));

  @Test
  void malformedRemEvidencesAreRefusedAsMalformed() throws Exception {
    String genuine = remXml(EvidenceType.Delivery, null);
    verifier().verify(seal(genuine), NOW); // the fixtures below differ from a valid evidence only by their defect
    for (Map.Entry<String, UnaryOperator<String>> fixture : MALFORMED.entrySet()) {
      String bad = fixture.getValue().apply(genuine);
      assertNotEquals(genuine, bad, fixture.getKey());
      GatewayException e = assertThrows(GatewayException.class, () -> verifier().verify(seal(bad), NOW),
          fixture.getKey());
      assertEquals(ReasonCode.MALFORMED, e.reason(), fixture.getKey() + ": " + e);
    }
  }
}
