package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.pkg.PackageMetadata;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway node — the shipped routes/*.camel.yaml on Camel, real keys from `mlagw pki init` —
 * driven only through the drop folders, as a clerk would.
 */
class GatewayNodeTest {
  static final String SENDER = "AL-PG-TIRANA";
  static final String COURT = "RS-HC-BELGRADE";
  @TempDir static Path pki;
  @TempDir Path home;
  private GatewayNode node;
  private DropFolders drop;

  @BeforeAll
  static void makePki() {
    makePki(pki);
  }

  @BeforeEach
  void writeConfig() throws Exception {
    writeConfig(home, pki);
    drop = new DropFolders(home.resolve("drop"));
  }

  /** A gateway configuration in HOME/config for the PKI in PKI, drop folders in HOME/drop. */
  static void writeConfig(Path home, Path pki) throws Exception {
    Path config = Files.createDirectories(home.resolve("config"));
    String p = pki.toAbsolutePath().toString();
    Files.writeString(config.resolve("gateway.yaml"), "gateway:\n  id: gw-test\n  sealKeystore: " + p
        + "/gateways/gw-test/seal.p12\n  sealCertificate: " + p + "/gateways/gw-test/seal.pem\ntrust:\n  anchors: [" + p
        + "/ca/root-ca.pem]\n  intermediates: [" + p + "/ca/issuing-ca.pem]\n  crls: [" + p + "/ca/root-ca.crl.pem, "
        + p + "/ca/issuing-ca.crl.pem]\nkeystorePassword:\n  file: " + p + "/keystore-password.txt\n"
        + "dropFolders:\n  root: ../drop\n  pollMillis: 50\n"
        // a cluster port of its own, not the default 5701: test JVMs run side by side
        + "cluster:\n  port: " + eu.mlagw.config.SamplePorts.free() + "\n");
    StringBuilder participants = new StringBuilder("participants:\n");
    for (String id : List.of(SENDER, COURT)) {
      String d = p + "/participants/" + id;
      participants.append("  - id: ").append(id).append("\n    name: \"").append(id.equals(SENDER)
          ? "General Prosecution Office, Tirana" : "Higher Court in Belgrade").append("\"\n    sealCertificate: ").append(d).append("/seal.pem\n")
          .append("    encryptionCertificate: ").append(d).append("/encryption.pem\n    sealKeystore: ").append(d)
          .append("/seal.p12\n    encryptionKeystore: ").append(d).append("/encryption.p12\n");
    }
    Files.writeString(config.resolve("participants.yaml"), participants.toString());
  }

  static void makePki(Path pki) {
    int code = Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + COURT, "--gateways", "gw-test", "--auditors", "inspector", "--key-algorithm", "ec");
    assertEquals(0, code);
  }

  private void startNode() throws Exception {
    node = new GatewayNode(new ConfigLoader().load(home.resolve("config")), Map.of(), Path.of("routes"),
        Clock.systemUTC());
    node.start();
    // Camel's default is 20; the heap decides, at most 10 (7 at the launcher's -Xmx128m)
    assertEquals(eu.mlagw.memory.HeapBudget.forTransfers().cap(GatewayNode.CAMEL_DEFAULT_POOL), node.exchangeThreads(),
        "exchanges side by side");
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private Path submissionFolder(String recipient, String name, boolean withRequest) throws Exception {
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(recipient).resolve(name));
    Files.writeString(folder.resolve("zahtjev.txt"), "Zamolnica / Kërkesë / Замолница");
    Files.write(folder.resolve("evidence.bin"), new byte[] {1, 2, 3, 4});
    if (withRequest) {
      Files.writeString(folder.resolve("request.yaml"), "subject: Call records\ncaseReference: AL-2026-117\n");
    }
    return folder;
  }

  private static void markReady(Path folder) throws Exception {
    Files.createFile(folder.resolveSibling(folder.getFileName() + ".ready"));
  }

  /** The first exchange that settled in {@code dir} (delivered, failed, received: not sealing or sending). */
  private static Path awaitOne(Path dir) throws Exception {
    return eu.mlagw.testing.DropFolderWait.awaitSettled(dir, 15_000);
  }

  /** An exchange lifecycle on this test's drop folders, recording in an in-memory audit log. */
  private ExchangeLifecycle lifecycle(GatewayConfig config, GatewayKeys keys) throws Exception {
    eu.mlagw.audit.ListAuditStore store = new eu.mlagw.audit.ListAuditStore("gw-test");
    ExchangeAudit audit = new ExchangeAudit(r -> store.append(r, java.time.Instant.now()), () -> store);
    return new ExchangeLifecycle(drop, new eu.mlagw.evidence.EvidenceIssuer("gw-test",
        new eu.mlagw.crypto.DetachedSigner(keys.gatewaySeal()), Clock.systemUTC()), audit,
        new SenderReceipts(Directory.of(config), GatewayNode.loadMappings(config),
            new eu.mlagw.crypto.DetachedSigner(keys.gatewaySeal()), eu.mlagw.evidence.EvidenceVerifier.forGateway(keys)), config.retry(),
        new PendingExchanges(drop, new LocalExchangeClaims(), Clock.systemUTC()), Clock.systemUTC());
  }

  @Test
  void aReadyFolderTravelsFromOutboxToTheCourtsInbox() throws Exception {
    startNode();
    Path folder = submissionFolder(COURT, "request-1", true);
    markReady(folder);
    Path sent = awaitOne(drop.sent(SENDER));
    Path inbox = drop.inbox(COURT).resolve(sent.getFileName());
    assertTrue(Files.isDirectory(inbox), "the inbox uses the exchange id of sent/");
    assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(inbox.resolve("documents/evidence.bin")));
    assertTrue(Files.exists(inbox.resolve("verification-report.txt")));
    PackageMetadata metadata = PackageMetadata.parse(Files.readAllBytes(inbox.resolve("metadata.xml")));
    assertEquals(sent.getFileName().toString(), metadata.packageId());
    assertEquals("Call records (case AL-2026-117)", metadata.subject());
    JsonNode status = new ObjectMapper().readTree(sent.resolve("status.json").toFile());
    assertEquals("DELIVERED", status.path("state").asText());
    assertEquals(3, status.path("steps").size(), status.toString());
    assertTrue(Files.readString(sent.resolve("status.txt")).contains("verified and delivered to the inbox of " + COURT));
    assertTrue(Files.exists(sent.resolve("original/request-1/evidence.bin")), "the original is kept in sent/");
    assertTrue(Files.exists(sent.resolve("evidences/01-SubmissionAcceptance.p7s")));
    Path delivery = sent.resolve("evidences/02-Delivery.p7s");
    GatewayKeys keys = new GatewayKeys(new ConfigLoader().load(home.resolve("config")), Map.of());
    eu.mlagw.evidence.Evidence e = eu.mlagw.evidence.EvidenceVerifier.forGateway(keys)
        .verify(Files.readAllBytes(delivery), java.time.Instant.now()).evidence();
    assertEquals(eu.mlagw.evidence.EvidenceType.Delivery, e.type());
    assertEquals(sent.getFileName().toString(), e.exchangeId());
    assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(sent.resolve("package.p7m")))), e.packageSha256());
    // an independent tool checks the evidence offline
    Files.writeString(home.resolve("root.pem"), Files.readString(pki.resolve("ca/root-ca.pem")));
    String printed = eu.mlagw.testing.OpenSsl.ok(home, "cms", "-verify", "-inform", "DER", "-in", delivery.toString(),
        "-CAfile", "root.pem");
    assertTrue(printed.contains("<DeliveryNonDeliveryToRecipient xmlns=\"http://uri.etsi.org/02640/v2#\"")
        && printed.contains("<EventCode>http://uri.etsi.org/REM/Event#Delivery</EventCode>"), printed);

    // the court takes it: a Retrieval evidence for the sender, once
    StringWriter out = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "ack", sent.getFileName().toString(),
        "--as", COURT, "--config", home.resolve("config").toString()));
    assertTrue(Files.exists(sent.resolve("evidences/03-Retrieval.p7s")), out.toString());
    assertEquals("RETRIEVED", new ObjectMapper().readTree(sent.resolve("status.json").toFile()).path("state").asText());
    StringWriter again = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(again), new PrintWriter(new StringWriter()), "ack",
        sent.getFileName().toString(), "--as", COURT, "--config", home.resolve("config").toString()));
    assertTrue(again.toString().contains("already recorded"), again.toString());
    StringWriter statusOut = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(statusOut), new PrintWriter(new StringWriter()), "status",
        sent.getFileName().toString(), "--config", home.resolve("config").toString()));
    assertTrue(statusOut.toString().contains("RETRIEVED") && statusOut.toString().contains("03-Retrieval.p7s"),
        statusOut.toString());
    StringWriter byCase = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(byCase), new PrintWriter(new StringWriter()), "status", "--case",
        "AL-2026-117", "--config", home.resolve("config").toString()));
    assertTrue(byCase.toString().contains(sent.getFileName() + "  RETRIEVED") && byCase.toString().contains("case AL-2026-117"),
        byCase.toString());
    assertTrue(byCase.toString().contains(sent.getFileName() + "  TAKEN"), "the case is found in the recipient's inbox too: "
        + byCase);
    assertEquals(1, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "status", "--case",
        "AL-1999-1", "--config", home.resolve("config").toString()), "an unknown case reference is not found");
    StringWriter byCourt = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(byCourt), new PrintWriter(new StringWriter()), "status", "--participant",
        COURT, "--config", home.resolve("config").toString()));
    assertTrue(byCourt.toString().contains(sent.getFileName() + "  TAKEN"), "the receiving side shows it taken: "
        + byCourt);
    StringWriter verified = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(verified), new PrintWriter(new StringWriter()), "evidence", "verify",
        sent.resolve("evidences/03-Retrieval.p7s").toString(), "--config", home.resolve("config").toString()));
    assertTrue(verified.toString().startsWith("VALID evidence") && verified.toString().contains("Retrieval"),
        verified.toString());
    assertFalse(Files.exists(folder), "nothing is left in the outbox");
    assertFalse(Files.exists(folder.resolveSibling("request-1.ready")));
  }

  @Test
  void theRecipientGetsACoverSheetAndTheSenderAReceiptInTheirLanguages() throws Exception {
    startNode();
    Path folder = submissionFolder(COURT, "request-m", true);
    Files.writeString(folder.resolve("request.yaml"), "subject: Kërkesë për të dhëna telefonike\ncaseReference: AL-2026-118\n"
        + "urgency: urgent\ndeadline: 2026-12-31\npersons:\n  - {role: witness, name: Ђорђе Јовановић, nationality: RS}\n");
    markReady(folder);
    Path sent = awaitOne(drop.sent(SENDER));
    Path inbox = drop.inbox(COURT).resolve(sent.getFileName().toString());
    assertTrue(Files.exists(inbox.resolve("request.xml")), "the canonical request travels sealed");
    assertTrue(Files.exists(inbox.resolve(RecipientRendering.COVER_SHEET)), "a cover sheet beside the documents");
    String rendered = Files.readString(inbox.resolve("recipient-metadata.xml"));
    assertTrue(rendered.contains("Đorđe Jovanović") && rendered.contains("Djordje Jovanovic"), rendered);
    assertTrue(Files.size(awaitFile(sent.resolve(SenderReceipts.FILE))) > 1000, "the sender's receipt PDF");
    // issue 14: the receipt states the request's subject and case number (not the folder name), the
    // documents with the SHA-256 sealed, the offices and the gateway by name, and Tirana time beside UTC
    String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest("Zamolnica / Kërkesë / Замолница".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(digest + "  zahtjev.txt", Files.readAllLines(sent.resolve("documents.sha256")).stream()
        .filter(l -> l.endsWith("zahtjev.txt")).findFirst().orElseThrow());
    String receipt;
    try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(
        sent.resolve(SenderReceipts.FILE).toFile())) {
      assertEquals("ETSI.CAdES.detached", doc.getSignatureDictionaries().get(0).getSubFilter(), "sealed (PAdES)");
      receipt = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
    for (String expected : java.util.List.of("Kërkesë për të dhëna telefonike", "AL-2026-118", "zahtjev.txt",
        digest, "(" + SENDER + ")", "(gw-test)", "(Europe/Tirane)", " UTC")) {
      assertTrue(receipt.contains(expected), expected + " missing in the receipt:\n" + receipt);
    }
    assertFalse(receipt.contains("request-m"), "not the folder name:\n" + receipt);
    assertTrue(receipt.contains("General Prosecution Office, Tirana (" + SENDER + ")"), receipt);
    assertTrue(receipt.split("\\(gw-test\\)", -1).length - 1 >= 3, "the issuing gateway, and the verified "
        + "SubmissionAcceptance's and Delivery's, named:\n" + receipt);
    // the recipient's cover sheet: the documents' SHA-256 as sealed, the offices by name with the id
    String cover;
    try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(
        inbox.resolve(RecipientRendering.COVER_SHEET).toFile())) {
      cover = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
    for (String expected : java.util.List.of("zahtjev.txt", digest, "General Prosecution Office, Tirana " + SENDER,
        "Higher Court in Belgrade " + COURT)) {
      assertTrue(cover.contains(expected), expected + " missing in the cover sheet:\n" + cover);
    }
  }

  @Test
  void everyStepOfAnExchangeIsInTheAuditLogWhichVerifiesAndProvesItOffline() throws Exception {
    startNode();
    markReady(submissionFolder(COURT, "request-a", true));
    Path sent = awaitOne(drop.sent(SENDER));
    String id = sent.getFileName().toString();
    node.close(); // signs a final checkpoint; the audit commands open the store themselves
    node = null;
    String cfg = home.resolve("config").toString();
    StringWriter query = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(query), new PrintWriter(new StringWriter()), "audit", "query",
        "--exchange", id, "--config", cfg, "--auditor", "Inspector A", "--purpose", "test of the trail"), query.toString());
    for (String type : List.of("SUBMISSION_CLAIMED", "POLICY_DECIDED", "PACKAGE_SEALED", "PACKAGE_VERIFIED",
        "PACKAGE_DELIVERED", "EVIDENCE_ISSUED")) {
      assertTrue(query.toString().contains(type), type + " missing in\n" + query);
    }
    StringWriter byCase = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(byCase), new PrintWriter(new StringWriter()), "audit", "query",
        "--case", "AL-2026-117", "--config", cfg, "--auditor", "Inspector A", "--purpose", "test"), byCase.toString());
    assertTrue(byCase.toString().contains(id), byCase.toString());
    StringWriter verify = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(verify), new PrintWriter(new StringWriter()), "audit", "verify",
        "--config", cfg, "--auditor", "Inspector A", "--purpose", "test"), verify.toString());
    Path bundle = home.resolve("proof.zip");
    StringWriter proof = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(proof), new PrintWriter(proof), "audit", "proof", id, "--out",
        bundle.toString(), "--config", cfg, "--auditor", "Inspector A", "--purpose", "court request"), proof.toString());
    StringWriter offline = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(offline), new PrintWriter(offline), "audit", "verify-proof",
        bundle.toString(), "--trust", pki.resolve("ca/root-ca.pem").toString()), offline.toString());
  }

  @Test
  void anAuditorReadsTheExchangeFromTheRunningNodeThroughTheAuditApi() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path gw = home.resolve("config/gateway.yaml");
    String p = pki.toAbsolutePath().toString();
    Files.writeString(gw, Files.readString(gw).replace("gateway:\n  id: gw-test\n", "gateway:\n  id: gw-test\n  tlsKeystore: "
        + p + "/gateways/gw-test/tls.p12\n") + "auditApi:\n  listen: {host: 127.0.0.1, port: " + port + "}\n");
    startNode();
    markReady(submissionFolder(COURT, "request-api", true));
    String id = awaitOne(drop.sent(SENDER)).getFileName().toString();
    char[] password = Files.readString(pki.resolve("keystore-password.txt")).strip().toCharArray();
    eu.mlagw.crypto.Credential inspector = eu.mlagw.crypto.KeyStoreFiles.readCredential(
        pki.resolve("auditors/inspector/auditor.p12"), password);
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("a", inspector.privateKey(), password, inspector.chain().toArray(new java.security.cert.Certificate[0]));
    kmf.init(ks, password);
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
    java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("root", eu.mlagw.crypto.KeyStoreFiles.readCertificate(pki.resolve("ca/root-ca.pem")));
    tmf.init(anchors);
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder().sslContext(tls).build().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + "/audit/v1/exchanges/" + id
            + "?purpose=court%20request")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("PACKAGE_DELIVERED") && r.body().contains("SUBMISSION_CLAIMED"), r.body());
  }

  @Test
  void aTakenMarkerInTheInboxRecordsTheRetrieval() throws Exception {
    startNode();
    markReady(submissionFolder(COURT, "request-t", true));
    Path sent = awaitOne(drop.sent(SENDER));
    Path marker = Files.createFile(drop.inbox(COURT).resolve(sent.getFileName() + RetrievalRecorder.TAKEN_SUFFIX));
    Path retrieval = awaitFile(sent.resolve("evidences/03-Retrieval.p7s"));
    assertTrue(Files.size(retrieval) > 0);
    for (int i = 0; i < 100 && Files.exists(marker); i++) {
      Thread.sleep(50);
    }
    assertFalse(Files.exists(marker), "the marker is removed once recorded");
    assertEquals("RETRIEVED", new ObjectMapper().readTree(sent.resolve("status.json").toFile()).path("state").asText());
    Files.createFile(drop.inbox(COURT).resolve("no-such-exchange" + RetrievalRecorder.TAKEN_SUFFIX));
    awaitFile(drop.inbox(COURT).resolve("no-such-exchange" + RetrievalRecorder.TAKEN_SUFFIX + ".unknown"));
  }

  @Test
  void aSubmissionLargerThanTheLimitIsReturnedBeforeSealing() throws Exception {
    Path gw = home.resolve("config/gateway.yaml");
    Files.writeString(gw, Files.readString(gw) + "limits:\n  maxSubmissionSize: 1k\n");
    startNode();
    Path folder = submissionFolder(COURT, "request-big", true);
    Files.write(folder.resolve("scan.tif"), new byte[4096]);
    markReady(folder);
    Path failed = awaitOne(drop.failed(SENDER));
    String error = Files.readString(awaitFile(failed.resolve("error.txt")));
    assertTrue(error.contains("Reason code: TOO_LARGE") && error.contains("limits.maxSubmissionSize"), error);
  }

  @Test
  void aZipMovedIntoTheOutboxIsSent() throws Exception {
    startNode();
    Path staging = home.resolve("prepared.zip");
    try (OutputStream f = Files.newOutputStream(staging); ZipOutputStream zip = new ZipOutputStream(f)) {
      zip.putNextEntry(new ZipEntry("request.yaml"));
      zip.write("subject: Evidence transfer\n".getBytes());
      zip.putNextEntry(new ZipEntry("photos/IMG_0001.jpg"));
      zip.write(new byte[] {9, 8, 7});
    }
    Files.createDirectories(drop.outbox(SENDER).resolve(COURT));
    Files.move(staging, drop.outbox(SENDER).resolve(COURT).resolve("evidence.zip"));
    Path inbox = awaitOne(drop.inbox(COURT));
    assertArrayEquals(new byte[] {9, 8, 7}, Files.readAllBytes(awaitFile(inbox.resolve("documents/photos/IMG_0001.jpg"))));
  }

  private static Path awaitFile(Path p) throws Exception {
    for (int i = 0; i < 100 && !Files.exists(p); i++) {
      Thread.sleep(50);
    }
    return p;
  }

  @Test
  void anUnknownRecipientEndsInFailedWithAnExplanation() throws Exception {
    startNode();
    markReady(submissionFolder("XX-NOBODY", "request-2", true));
    Path failed = awaitOne(drop.failed(SENDER));
    assertEquals("request-2", failed.getFileName().toString());
    String error = Files.readString(awaitFile(failed.resolve("error.txt")));
    assertTrue(error.contains("Reason code: PARTICIPANT_UNKNOWN") && error.contains(COURT), error);
    assertTrue(Files.exists(awaitFile(failed.resolve("evidences/01-SubmissionRejection.p7s"))));
    assertTrue(Files.exists(failed.resolve("evidence.bin")), "the documents come back as dropped");
    assertFalse(Files.exists(drop.inbox(COURT)) && Files.list(drop.inbox(COURT)).findAny().isPresent());
  }

  @Test
  void aSenderThePolicyDoesNotAllowToReachTheRecipientGetsItBackUnsealed() throws Exception {
    Path participants = home.resolve("config/participants.yaml");
    // the Albanian prosecutor may send only to Albanian participants
    Files.writeString(participants, Files.readString(participants).replaceFirst("(  - id: " + SENDER + "\n)",
        "$1    maySendTo: [AL-*]\n"));
    startNode();
    markReady(submissionFolder(COURT, "request-p", true));
    Path failed = awaitOne(drop.failed(SENDER));
    String error = Files.readString(awaitFile(failed.resolve("error.txt")));
    assertTrue(error.contains("Reason code: POLICY_DENIED") && error.contains(SENDER + " may not send to " + COURT)
        && error.contains("maySendTo"), error);
    assertTrue(Files.exists(awaitFile(failed.resolve("evidences/01-SubmissionRejection.p7s"))), "rejected before sealing");
    assertFalse(Files.exists(drop.inbox(COURT)) && Files.list(drop.inbox(COURT)).findAny().isPresent());
  }

  @Test
  void aSubmissionWithoutRequestFileIsReturnedWithTheFix() throws Exception {
    startNode();
    markReady(submissionFolder(COURT, "request-3", false));
    Path failed = awaitOne(drop.failed(SENDER));
    String error = Files.readString(awaitFile(failed.resolve("error.txt")));
    // in the Albanian prosecutor's language, naming the field
    assertTrue(error.contains("Reason code: REQUEST_INVALID") && error.contains("request.yaml, request.json")
        && error.startsWith("Kërkesa nuk u dërgua"), error);
  }

  @Test
  void aFolderWithoutReadyMarkerIsLeftAlone() throws Exception {
    startNode();
    Path folder = submissionFolder(COURT, "still-copying", true);
    Thread.sleep(600); // a dozen polls
    assertTrue(Files.exists(folder.resolve("evidence.bin")));
    try (var s = Files.list(drop.sent(SENDER))) {
      assertFalse(s.findAny().isPresent());
    }
  }

  @Test
  void aRecipientHostedElsewhereEndsInFailedWithNoRoute() throws Exception {
    Path participants = home.resolve("config/participants.yaml");
    String court = pki.toAbsolutePath() + "/participants/" + COURT;
    Files.writeString(participants, Files.readString(participants)
        .replace("    sealKeystore: " + court + "/seal.p12\n", "")
        .replace("    encryptionKeystore: " + court + "/encryption.p12\n", ""));
    startNode();
    markReady(submissionFolder(COURT, "request-5", true));
    Path failed = awaitOne(drop.failed(SENDER));
    String error = Files.readString(awaitFile(failed.resolve("error.txt")));
    assertTrue(error.contains("Reason code: NO_ROUTE"), error);
    assertTrue(Files.exists(awaitFile(failed.resolve("evidences/02-NonDelivery.p7s"))), "sealed, then not delivered");
    assertTrue(Files.exists(failed.resolve("evidences/01-SubmissionAcceptance.p7s")), "the acceptance comes back too");
  }

  @Test
  void anExchangeAlreadyInTheInboxIsNotDeliveredTwiceAfterARestart() throws Exception {
    markReady(submissionFolder(COURT, "request-6", true));
    GatewayConfig config = new ConfigLoader().load(home.resolve("config"));
    GatewayKeys keys = new GatewayKeys(config, Map.of());
    ExchangeLifecycle lifecycle = lifecycle(config, keys);
    Submission s = new SubmissionClaimer(List.of(SENDER, COURT), lifecycle, new LocalExchangeClaims()).claimReady().get(0);
    s = new SubmissionSealer(config, Directory.of(config), keys, GatewayNode.loadMappings(config), lifecycle,
        Clock.systemUTC()).seal(s);
    // the node stopped after releasing into the inbox, before the sender's side was told
    Path inbox = drop.inbox(COURT).resolve(s.exchangeId());
    new eu.mlagw.pkg.PackageOpener(new eu.mlagw.crypto.DetachedSignatureVerifier(keys.trustPolicy()),
        keys::sealCertificatesOf, eu.mlagw.pkg.zip.ZipLimits.defaults(), Clock.systemUTC())
        .open(s.packageFile(), COURT, keys.encryptionCredential(COURT), inbox, eu.mlagw.pkg.ProgressListener.NONE);
    long before = Files.getLastModifiedTime(inbox.resolve("metadata.xml")).toMillis();
    startNode();
    Path sent = awaitOne(drop.sent(SENDER));
    try (var evidences = Files.list(sent.resolve("evidences"))) {
      assertEquals(1, evidences.filter(p -> p.toString().endsWith("-Delivery.p7s")).count(), "one Delivery evidence");
    }
    assertEquals(s.exchangeId(), sent.getFileName().toString());
    assertEquals(before, Files.getLastModifiedTime(inbox.resolve("metadata.xml")).toMillis(), "not delivered again");
    try (var list = Files.list(drop.inbox(COURT))) {
      assertEquals(1, list.filter(Files::isDirectory).count());
    }
  }

  @Test
  void aRejectionInterruptedBeforeReachingFailedIsFinishedAfterTheRestart() throws Exception {
    // a node stopped after assembling the returned submission (with error.txt) in its work folder
    Path returned = Files.createDirectories(drop.work(SENDER).resolve("01a2ffff-0000-7000-8000-000000000001")
        .resolve("returned").resolve("request-7"));
    Files.writeString(returned.resolve("error.txt"), "Reason code: INPUT_INVALID\n");
    Files.writeString(returned.resolve("a.txt"), "document");
    startNode();
    Path failed = awaitOne(drop.failed(SENDER));
    assertEquals("request-7", failed.getFileName().toString());
    assertTrue(Files.exists(failed.resolve("error.txt")) && Files.exists(failed.resolve("a.txt")));
    for (int i = 0; i < 100 && Files.list(drop.work(SENDER)).findAny().isPresent(); i++) {
      Thread.sleep(50);
    }
    assertFalse(Files.list(drop.work(SENDER)).findAny().isPresent(), "the work folder is gone");
  }

  @Test
  void anExchangeClaimedBeforeAStopIsFinishedAfterTheRestart() throws Exception {
    Path folder = submissionFolder(COURT, "request-4", true);
    markReady(folder);
    // a node that stopped right after claiming: the submission sits in .work, not in the outbox
    GatewayConfig config = new ConfigLoader().load(home.resolve("config"));
    List<Submission> claimed = new SubmissionClaimer(List.of(SENDER, COURT),
        lifecycle(config, new GatewayKeys(config, Map.of())), new LocalExchangeClaims())
        .claimReady();
    assertEquals(1, claimed.size());
    assertFalse(Files.exists(folder));
    startNode();
    Path sent = awaitOne(drop.sent(SENDER));
    assertEquals(claimed.get(0).exchangeId(), sent.getFileName().toString());
    assertTrue(Files.isDirectory(drop.inbox(COURT).resolve(claimed.get(0).exchangeId())));
  }
}
