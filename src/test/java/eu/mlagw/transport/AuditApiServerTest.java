package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.AuditLogVerifier;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditorService;
import eu.mlagw.audit.BundleVerification;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.ListAuditStore;
import eu.mlagw.audit.ProofBundleVerifier;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditors' REST API over real mutual TLS: an auditor certificate is served, a valid
 * non-auditor certificate gets 403, no certificate cannot connect, a missing purpose is 400, and
 * every call (refused ones included) is itself in the audit log, with the auditor taken from the
 * certificate.
 */
class AuditApiServerTest {
  static final String GATEWAY = "gw-al";
  static final String PURPOSE = "court order 12/2026";
  static final TestPki PKI = new TestPki("AuditApi");
  static final Credential SEAL = PKI.gatewaySeal(GATEWAY, KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(30)),
      TestPki.NOW.plus(Duration.ofDays(365)));
  static final Credential AUDITOR = PKI.issuingAuthority().issue(CertificateRole.AUDITOR,
      "CN=Ana Auditor,OU=auditors,O=MLA Gateway Tests", KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(1)),
      TestPki.NOW.plus(Duration.ofDays(365)), List.of());
  static final String AUDITOR_NAME = AUDITOR.certificate().getSubjectX500Principal().getName();
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path scratch;
  static ListAuditStore store;
  static AuditApiServer server;
  static HttpClient auditor;
  static HttpClient gatewayPeer;

  @BeforeAll
  static void start() throws Exception {
    store = new ListAuditStore(GATEWAY);
    CheckpointVerifier checkpoints = new CheckpointVerifier(PKI.trustPolicy(), List.of(SEAL.certificate()),
        eu.mlagw.testing.TestNoteKeys.of(GATEWAY).verifierKey());
    AuditLog log = new AuditLog(store, new CheckpointSigner(new DetachedSigner(SEAL), eu.mlagw.testing.TestNoteKeys.of(GATEWAY)), checkpoints, GATEWAY,
        Clock.systemUTC());
    for (int i = 0; i < 30; i++) {
      log.append(AuditRecord.of(AuditEventType.PACKAGE_DELIVERED, "EX-" + (i % 3))
          .withParties("AL-PG-TIRANA", "RS-HC-BELGRADE").withPersons(List.of("Đorđe Marković", "Ђорђе Марковић"))
          .withDetails(Map.of("n", String.valueOf(i))));
    }
    log.checkpoint();
    AuditorService service = new AuditorService(log, new AuditLogVerifier(checkpoints, GATEWAY), checkpoints,
        PKI.crls(), scratch, Clock.systemUTC());
    server = AuditApiServer.builder().listen("127.0.0.1", PeerFixture.freePort()).tlsCredential(PKI.tls(GATEWAY))
        .trustPolicy(PKI.trustPolicy()).service(service).start();
    auditor = client(AUDITOR);
    gatewayPeer = client(PKI.tls("gw-other"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpClient client(Credential credential) throws Exception {
    return HttpClient.newBuilder().sslContext(TlsMaterial.of(credential, List.of(PKI.rootCertificate())).sslContext())
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  static HttpResponse<byte[]> get(HttpClient client, String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static AuditEvent last() {
    return store.read(store.size() - 1, store.size()).get(0);
  }

  @Test
  void anAuditorPagesThroughEventsAndEachCallIsRecordedWithTheCertificatesSubject() throws Exception {
    HttpResponse<byte[]> r = get(auditor, "/events?exchange=EX-1&person=markovic&limit=4&purpose=" + q(PURPOSE)
        + "&auditor=" + q("someone else"));
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    JsonNode page = json(r);
    assertEquals(4, page.path("events").size());
    assertEquals(1, page.path("events").get(0).path("sequence").asLong());
    assertEquals("EX-1", page.path("events").get(0).path("exchangeId").asText());
    assertEquals("Ђорђе Марковић", page.path("events").get(0).path("persons").get(1).asText());
    assertEquals("AL-PG-TIRANA", page.path("events").get(0).path("sender").asText());
    assertEquals(10, page.path("nextAfterSequence").asLong());
    AuditEvent recorded = last();
    assertEquals(AuditEventType.AUDIT_QUERIED, recorded.record().type());
    assertEquals(AUDITOR_NAME, recorded.record().details().get("auditor"),
        "the auditor is the certificate's subject, never a parameter");
    assertEquals(PURPOSE, recorded.record().details().get("purpose"));
    assertEquals("EX-1", recorded.record().details().get("exchange"));
    assertEquals("markovic", recorded.record().details().get("person"));

    JsonNode next = json(get(auditor, "/events?exchange=EX-1&type=PACKAGE_DELIVERED&limit=1000&afterSequence=10&purpose=" + q(PURPOSE)));
    assertEquals(6, next.path("events").size(), "EX-1 deliveries 13..28");
    assertEquals(13, next.path("events").get(0).path("sequence").asLong());
    assertTrue(next.path("nextAfterSequence").isNull());
  }

  @Test
  void aValidCertificateWithoutTheAuditorPurposeGets403AndTheRefusalIsRecorded() throws Exception {
    long before = store.size();
    HttpResponse<byte[]> r = get(gatewayPeer, "/events?purpose=" + q(PURPOSE));
    assertEquals(403, r.statusCode());
    JsonNode error = json(r);
    assertEquals("AUDITOR_NOT_AUTHORIZED", error.path("reasonCode").asText());
    assertTrue(error.path("message").asText().contains(CertificateRole.AUDITOR_KEY_PURPOSE), error.toString());
    assertEquals(before + 1, store.size());
    AuditEvent refused = last();
    assertEquals(AuditEventType.AUDIT_QUERIED, refused.record().type());
    assertEquals(ReasonCode.AUDITOR_NOT_AUTHORIZED, refused.record().reasonCode());
    assertEquals("refused", refused.record().details().get("outcome"));
    assertTrue(refused.record().details().get("client").startsWith("CN=gw-other"), refused.record().details().toString());
    assertEquals("GET /audit/v1/events", refused.record().details().get("request"));
    assertEquals(403, get(gatewayPeer, "/verify?purpose=x").statusCode());
  }

  @Test
  void aClientWithoutACertificateCannotConnect() throws Exception {
    SSLContext trustOnly = SSLContext.getInstance("TLS");
    trustOnly.init(null, TlsMaterial.of(AUDITOR, List.of(PKI.rootCertificate())).trustManagers(), new SecureRandom());
    HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly).build();
    long before = store.size();
    assertThrows(IOException.class, () -> get(anonymous, "/events?purpose=" + q(PURPOSE)));
    assertEquals(before, store.size(), "nothing reached the API");
  }

  @Test
  void aMissingPurposeIs400AndRecorded() throws Exception {
    HttpResponse<byte[]> r = get(auditor, "/events?exchange=EX-1");
    assertEquals(400, r.statusCode());
    JsonNode error = json(r);
    assertEquals("INPUT_INVALID", error.path("reasonCode").asText());
    assertTrue(error.path("message").asText().contains("purpose"), error.toString());
    AuditEvent refused = last();
    assertEquals(ReasonCode.INPUT_INVALID, refused.record().reasonCode());
    assertEquals(AUDITOR_NAME, refused.record().details().get("client"));
    assertEquals(400, get(auditor, "/events?limit=1001&purpose=x").statusCode());
    assertEquals(400, get(auditor, "/events?type=NO_SUCH&purpose=x").statusCode());
    assertEquals(400, get(auditor, "/exchanges/EX-1?purpose=%20").statusCode());
  }

  @Test
  void numericParametersOutOfRangeOrNotWholeNumbersAre400() throws Exception {
    for (String query : List.of("limit=4294967396", "limit=abc", "limit=0", "limit=-1", "limit=1001", "limit=1e3",
        "limit=%2B5", "afterSequence=9223372036854775807", "afterSequence=99999999999999999999", "afterSequence=-2",
        "afterSequence=x")) {
      HttpResponse<byte[]> r = get(auditor, "/events?" + query + "&purpose=" + q(PURPOSE));
      assertEquals(400, r.statusCode(), query + ": " + new String(r.body(), StandardCharsets.UTF_8));
      JsonNode error = json(r);
      assertEquals("INPUT_INVALID", error.path("reasonCode").asText(), query);
      String name = query.substring(0, query.indexOf('='));
      assertTrue(error.path("message").asText().startsWith(name + "="), error.toString());
    }
    assertEquals(200, get(auditor, "/events?limit=1000&afterSequence=9007199254740991&purpose=x").statusCode());
  }

  @Test
  void aRequestWithABodyIsRefusedBeforeItIsRead() throws Exception {
    HttpResponse<byte[]> r = auditor.send(HttpRequest.newBuilder(URI.create(server.url() + "/events?purpose=x"))
        .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(10_000))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(400, r.statusCode());
    assertEquals("INPUT_INVALID", json(r).path("reasonCode").asText());
    assertTrue(json(r).path("message").asText().contains("takes no request body"), json(r).toString());
  }

  @Test
  void exchangeProofCheckpointAndVerifyAreServedAndRecorded() throws Exception {
    JsonNode ex = json(get(auditor, "/exchanges/EX-2?purpose=" + q(PURPOSE)));
    assertEquals("EX-2", ex.path("exchangeId").asText());
    assertEquals(11, ex.path("events").size(), "10 deliveries and the record of this very query");
    assertEquals(AuditEventType.AUDIT_QUERIED, last().record().type());
    assertEquals("EX-2", last().record().exchangeId());

    HttpResponse<byte[]> proof = get(auditor, "/exchanges/EX-2/proof?purpose=" + q(PURPOSE));
    assertEquals(200, proof.statusCode(), new String(proof.body(), StandardCharsets.UTF_8));
    assertEquals("application/zip", proof.headers().firstValue("Content-Type").orElse(""));
    Path bundle = scratch.resolve("EX-2-received.zip");
    Files.write(bundle, proof.body());
    BundleVerification v = new ProofBundleVerifier().verify(bundle, Optional.of(PKI.rootCertificate()));
    assertTrue(v.result().ok(), v.result().summary());
    assertEquals("EX-2", v.exchangeId());
    assertEquals(12, v.events().size(), "10 deliveries + the AUDIT_QUERIED above + the AUDIT_EXPORTED of this call");
    AuditEvent exported = store.read(v.checkpoint().size() - 1, v.checkpoint().size()).get(0);
    assertEquals(AuditEventType.AUDIT_EXPORTED, exported.record().type(), "the export precedes the checkpoint");
    try (var left = Files.list(scratch)) {
      assertEquals(List.of(bundle), left.toList(), "the server's scratch copy is deleted after sending");
    }
    assertEquals(404, get(auditor, "/exchanges/EX-NONE/proof?purpose=x").statusCode());
    assertEquals(ReasonCode.INPUT_INVALID, last().record().reasonCode(), "the failed request is recorded too");
    assertEquals("proof bundle of exchange EX-NONE", last().record().details().get("request"));

    JsonNode cp = json(get(auditor, "/checkpoints/latest?purpose=" + q(PURPOSE)));
    assertEquals(GATEWAY + ".mlagw/audit", cp.path("origin").asText());
    assertEquals(eu.mlagw.testing.TestNoteKeys.of(GATEWAY).verifierKey().toString(), cp.path("noteKey").asText());
    assertTrue(cp.path("note").asText().startsWith(GATEWAY + ".mlagw/audit\n"), cp.path("note").asText());
    assertTrue(cp.path("treeSize").asLong() >= 30);
    assertEquals(64, cp.path("rootHash").asText().length());
    assertFalse(cp.path("signedCheckpoint").asText().isEmpty());

    HttpResponse<byte[]> verify = get(auditor, "/verify?purpose=" + q(PURPOSE));
    assertEquals(200, verify.statusCode());
    JsonNode result = json(verify);
    assertTrue(result.path("ok").asBoolean(), result.toString());
    assertNull(result.path("failure").textValue());
    AuditEvent verified = last();
    assertEquals(AuditEventType.AUDIT_VERIFIED, verified.record().type());
    assertEquals("OK", verified.record().details().get("result"));
    assertEquals(PURPOSE, verified.record().details().get("purpose"));
  }

  @Test
  void aConsistencyProofBetweenTwoSizesIsServedRecordedAndChecks() throws Exception {
    JsonNode cp = json(get(auditor, "/checkpoints/latest?purpose=" + q(PURPOSE)));
    long n = cp.path("treeSize").asLong();
    HttpResponse<byte[]> r = get(auditor, "/checkpoints/consistency?first=7&second=" + n + "&purpose=" + q(PURPOSE));
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    AuditEvent recorded = last();
    JsonNode c = json(r);
    assertEquals(cp.path("rootHash").asText(), c.path("secondRootHash").asText());
    eu.mlagw.audit.CompactRange seven = new eu.mlagw.audit.CompactRange();
    store.read(0, 7).forEach(e -> seven.appendLeaf(eu.mlagw.audit.AuditEventCodec.encode(e)));
    assertEquals(eu.mlagw.audit.MerkleHashes.hex(seven.root()), c.path("firstRootHash").asText());
    List<byte[]> proof = new java.util.ArrayList<>();
    c.path("proof").forEach(h -> proof.add(eu.mlagw.audit.MerkleHashes.fromHex(h.asText())));
    new eu.mlagw.audit.ConsistencyProofVerifier().verify(7, n, seven.root(),
        eu.mlagw.audit.MerkleHashes.fromHex(c.path("secondRootHash").asText()), proof);
    assertEquals(AuditEventType.AUDIT_QUERIED, recorded.record().type());
    assertEquals("7.." + n, recorded.record().details().get("consistency"));

    for (String query : List.of("first=0&second=5", "first=9&second=8", "first=1&second=" + (n + 1000), "first=3")) {
      HttpResponse<byte[]> bad = get(auditor, "/checkpoints/consistency?" + query + "&purpose=" + q(PURPOSE));
      assertEquals(400, bad.statusCode(), query);
      assertEquals("INPUT_INVALID", json(bad).path("reasonCode").asText(), query);
    }
  }
}
