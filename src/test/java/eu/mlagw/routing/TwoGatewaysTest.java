package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.crypto.GatewayKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway nodes on loopback — gw-al hosting the Albanian prosecutor, gw-rs the Serbian court —
 * exchanging through the shipped routes, over SOAP with mutual TLS and pinned peer certificates.
 */
class TwoGatewaysTest {
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String COURT = "RS-HC-BELGRADE";
  @TempDir static Path pki;
  @TempDir Path home;
  private GatewayNode al;
  private GatewayNode rs;

  @BeforeAll
  static void makePki() {
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + COURT, "--gateways", "gw-al,gw-rs",
        "--key-algorithm", "ec"));
  }

  @AfterEach
  void stop() {
    for (GatewayNode n : new GatewayNode[] {al, rs}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static int freePort() throws Exception {
    // below the ephemeral range: a port an outgoing connection cannot take while a listener is restarted
    return eu.mlagw.config.SamplePorts.free();
  }

  /** Config of gateway {@code self} hosting {@code hosted}, knowing {@code other} as its peer. */
  private Path config(String self, int port, String hosted, String other, int otherPort, String remote)
      throws Exception {
    SampleGatewayConfig.Gateway me = new SampleGatewayConfig.Gateway(self, port, List.of(hosted));
    SampleGatewayConfig.Gateway peer = new SampleGatewayConfig.Gateway(other, otherPort, List.of(remote));
    return SampleGatewayConfig.write(home.resolve(self).resolve("config"), pki, me, List.of(me, peer), "../drop", 50);
  }

  private static GatewayNode start(Path config) throws Exception {
    GatewayNode node = new GatewayNode(new ConfigLoader().load(config), Map.of(), Path.of("routes"),
        Clock.systemUTC());
    node.start();
    return node;
  }

  private Path drop(String name) throws Exception {
    DropFolders alDrop = new DropFolders(home.resolve("gw-al/drop"));
    Path folder = Files.createDirectories(alDrop.outbox(SENDER).resolve(COURT).resolve(name));
    Files.write(folder.resolve("statement.pdf"), "%PDF-1.4 witness statement".getBytes());
    Files.writeString(folder.resolve("request.yaml"), "subject: Hearing of a witness\n");
    Files.createFile(folder.resolveSibling(name + ".ready"));
    return folder;
  }

  /** The first exchange settled in {@code dir}: delivered, failed or received — not still sealing or sending. */
  private static Path await(Path dir, long millis) throws Exception {
    return eu.mlagw.testing.DropFolderWait.awaitSettled(dir, millis);
  }


  @Test
  void aRequestCrossesFromTheAlbanianToTheSerbianGateway() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    al = start(config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT));
    rs = start(config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER));
    drop("request-1");
    Path inbox = await(home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox"), 20_000);
    assertArrayEquals("%PDF-1.4 witness statement".getBytes(), Files.readAllBytes(inbox.resolve("documents/statement.pdf")));
    // the sender files the exchange only after gw-rs answered, i.e. after gw-rs issued its evidence
    Path sent = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("sent"), 10_000);
    assertTrue(Files.exists(inbox.resolve("evidences/01-Delivery.p7s")), "the receiving gateway's Delivery evidence");
    assertEquals(inbox.getFileName(), sent.getFileName(), "one exchange id end to end");
    assertTrue(Files.exists(sent.resolve("evidences/02-RelayAcceptance.p7s")), "the sender's relay evidence");
    assertArrayEquals(Files.readAllBytes(inbox.resolve("evidences/01-Delivery.p7s")),
        Files.readAllBytes(sent.resolve("evidences/03-Delivery.p7s")), "gw-rs's Delivery evidence came back to gw-al");
    assertTrue(Files.readString(sent.resolve("status.txt")).contains("Sent to gateway gw-rs"));

    // the court takes it: gw-rs issues the Retrieval evidence and reports it to gw-al
    Files.createFile(inbox.resolveSibling(inbox.getFileName() + RetrievalRecorder.TAKEN_SUFFIX));
    Path retrieval = sent.resolve("evidences/04-Retrieval.p7s");
    for (int i = 0; i < 200 && !Files.exists(retrieval); i++) {
      Thread.sleep(50);
    }
    assertArrayEquals(Files.readAllBytes(inbox.resolve("evidences/02-Retrieval.p7s")), Files.readAllBytes(retrieval),
        "gw-rs's Retrieval evidence came back to gw-al");
    // the evidence is filed before the status line is written: wait for both
    String taken = "took it from its inbox (reported by gateway gw-rs)";
    for (int i = 0; i < 200 && !Files.readString(sent.resolve("status.txt")).contains(taken); i++) {
      Thread.sleep(50);
    }
    assertTrue(Files.readString(sent.resolve("status.txt")).contains(taken));
  }

  private String failure() throws Exception {
    Path failed = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("failed"), 20_000);
    for (int i = 0; i < 100 && !Files.isDirectory(failed.resolve("evidences")); i++) {
      Thread.sleep(50);
    }
    assertTrue(Files.isDirectory(failed.resolve("evidences")), "a NonDelivery evidence comes with the failure");
    return Files.readString(failed.resolve("error.txt"));
  }

  @Test
  void aPeerPresentingAnotherCertificateThanConfiguredGetsNothing() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    Path alConfig = config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT);
    // gw-al expects gw-rs to present gw-al's own certificate: a pinning mismatch
    Path gw = alConfig.resolve("gateway.yaml");
    Files.writeString(gw, Files.readString(gw).replace("/gateways/gw-rs/tls.pem", "/gateways/gw-al/tls.pem"));
    al = start(alConfig);
    rs = start(config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER));
    drop("request-3");
    String error = failure();
    assertTrue(error.contains("Reason code: PEER_UNTRUSTED"), error);
    try (var s = Files.list(home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox"))) {
      assertTrue(s.findAny().isEmpty(), "nothing reached the court");
    }
  }

  @Test
  void aPackageWhoseSealTheReceivingGatewayDoesNotRecogniseIsRefused() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    al = start(config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT));
    Path rsConfig = config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER);
    // gw-rs has a different seal certificate on file for the Albanian prosecutor
    Path participants = rsConfig.resolve("participants.yaml");
    Files.writeString(participants, Files.readString(participants).replace(
        "/participants/" + SENDER + "/seal.pem", "/participants/" + COURT + "/seal.pem"));
    rs = start(rsConfig);
    drop("request-4");
    String error = failure();
    assertTrue(error.contains("Reason code: SIGNATURE_INVALID") && error.contains("gw-rs refused"), error);
    Path failed = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("failed"), 1_000);
    try (var ev = Files.list(failed.resolve("evidences"))) {
      List<String> names = ev.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.contains("01-SubmissionAcceptance.p7s") && names.stream().anyMatch(n -> n.endsWith("-RelayRejection.p7s"))
          && names.stream().anyMatch(n -> n.endsWith("-NonDelivery.p7s")), "gw-rs's signed refusal comes back: " + names);
    }
    try (var s = Files.list(home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox"))) {
      assertTrue(s.filter(p -> !p.getFileName().toString().startsWith(".")).findAny().isEmpty(), "nothing released");
    }
  }

  @Test
  void aPeerThatIsDownGetsThePackageOnceItIsUp() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    Path rsConfig = config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER);
    al = start(config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT));
    drop("request-2");
    Thread.sleep(2_000); // gw-al tries, fails, backs off
    assertTrue(Files.list(home.resolve("gw-al/drop").resolve(SENDER).resolve("failed")).findAny().isEmpty(),
        "an unreachable peer is retried, not failed at once");
    rs = start(rsConfig);
    Path inbox = await(home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox"), 30_000);
    assertTrue(Files.exists(inbox.resolve("documents/statement.pdf")));
    await(home.resolve("gw-al/drop").resolve(SENDER).resolve("sent"), 10_000);
  }

  @Test
  void aRecipientWhosePolicyRefusesTheSenderGetsNothing() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    al = start(config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT));
    Path rsConfig = config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER);
    Path participants = rsConfig.resolve("participants.yaml");
    Files.writeString(participants, Files.readString(participants).replaceFirst("(  - id: " + COURT + "\n)",
        "$1    mayReceiveFrom: [RS-*, ME-*]\n"));
    rs = start(rsConfig);
    drop("request-5");
    String error = failure();
    assertTrue(error.contains("Reason code: POLICY_DENIED") && error.contains(COURT + " does not receive from " + SENDER),
        error);
    try (var s = Files.list(home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox"))) {
      assertTrue(s.filter(p -> !p.getFileName().toString().startsWith(".")).findAny().isEmpty(), "nothing released");
    }
  }

  @Test
  void aPeerThatStaysDownPastTheDeadlineEndsInNonDelivery() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    Path alConfig = config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT);
    Path gw = alConfig.resolve("gateway.yaml");
    Files.writeString(gw, Files.readString(gw) + "delivery:\n  firstRetryDelay: 200ms\n  maxRetryDelay: 400ms\n"
        + "  deadline: 2s\n");
    al = start(alConfig);
    drop("request-6");
    String error = failure();
    assertTrue(error.contains("Reason code: DELIVERY_DEADLINE_PASSED") && error.contains("delivery.deadline"), error);
    Path failed = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("failed"), 1_000);
    assertTrue(Files.exists(failed.resolve("evidences/01-NonDelivery.p7s")) || Files.list(failed.resolve("evidences"))
        .anyMatch(p -> p.getFileName().toString().endsWith("NonDelivery.p7s")), "a NonDelivery evidence");
  }

  /** A client speaking for gw-al, as a misbehaving or retrying gw-al could. */
  private static eu.mlagw.transport.PeerClient clientOf(GatewayKeys keys) throws Exception {
    return eu.mlagw.transport.PeerClient.builder().tlsCredential(keys.tlsCredential())
        .trustedRoots(keys.trustPolicy().anchors()).build();
  }

  private eu.mlagw.transport.PeerEndpoint rsEndpoint(int rsPort) throws Exception {
    return new eu.mlagw.transport.PeerEndpoint("gw-rs", java.net.URI.create("https://127.0.0.1:" + rsPort + "/mlagw/peer"),
        eu.mlagw.crypto.KeyStoreFiles.readCertificate(pki.resolve("gateways/gw-rs/tls.pem")));
  }

  private static long entries(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }

  @Test
  void theSamePackageDeliveredAgainReachesTheInboxOnceAndIsAcknowledgedWithTheSameEvidence() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    Path alConfig = config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT);
    al = start(alConfig);
    rs = start(config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER));
    drop("request-7");
    Path sent = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("sent"), 20_000);
    Path inbox = home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox");
    String id = sent.getFileName().toString();
    GatewayKeys alKeys = new GatewayKeys(new ConfigLoader().load(alConfig), Map.of());
    try (eu.mlagw.transport.PeerClient client = clientOf(alKeys)) {
      eu.mlagw.transport.TransferReceipt again = client.send(rsEndpoint(rsPort), eu.mlagw.transport.TransferMetadata
          .forFile(id, SENDER, COURT, "gw-al", sent.resolve("package.p7m")), sent.resolve("package.p7m"));
      assertTrue(again.isAccepted(), again.getMessage());
      assertArrayEquals(Files.readAllBytes(inbox.resolve(id).resolve("evidences/01-Delivery.p7s")), again.getEvidence(),
          "the repeated transfer gets the very evidence of the first");
      assertEquals(1, entries(inbox), "delivered once");

      // the same package replayed as a new exchange is refused: it was sealed for exchange `id`
      String replayId = "01a22409-0915-7679-8666-000000000001";
      eu.mlagw.transport.TransferReceipt replay = client.send(rsEndpoint(rsPort), eu.mlagw.transport.TransferMetadata
          .forFile(replayId, SENDER, COURT, "gw-al", sent.resolve("package.p7m")), sent.resolve("package.p7m"));
      assertTrue(!replay.isAccepted() && "EXCHANGE_MISMATCH".equals(replay.getReasonCode()), replay.getMessage());
      assertEquals(1, entries(inbox), "nothing more delivered");
    }
  }

  @Test
  void concurrentTransfersOfOneExchangeDeliverItOnce() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    Path alConfig = config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT);
    rs = start(config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER));
    GatewayKeys alKeys = new GatewayKeys(new ConfigLoader().load(alConfig), Map.of());
    String id = "01a22409-0915-7679-8666-000000000002";
    Path docs = Files.createDirectories(home.resolve("docs"));
    Files.write(docs.resolve("statement.pdf"), new byte[300_000]);
    Path packageFile = home.resolve("package.p7m");
    new eu.mlagw.pkg.PackageSealer(new eu.mlagw.crypto.DetachedSigner(alKeys.sealCredential(SENDER)), Clock.systemUTC(),
        new java.security.SecureRandom(), eu.mlagw.crypto.EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE)
        .seal(new eu.mlagw.pkg.SealRequest(SENDER, List.of(COURT), List.of(alKeys.encryptionCertificate(COURT)),
            eu.mlagw.pkg.DocumentSource.allIn(docs, java.util.Set.of()), "duplicate test", id), packageFile,
            eu.mlagw.pkg.ProgressListener.NONE);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try (eu.mlagw.transport.PeerClient client = clientOf(alKeys)) {
      List<java.util.concurrent.Future<eu.mlagw.transport.TransferReceipt>> sends = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sends.add(pool.submit(() -> client.send(rsEndpoint(rsPort),
            eu.mlagw.transport.TransferMetadata.forFile(id, SENDER, COURT, "gw-al", packageFile), packageFile)));
      }
      java.util.Set<String> evidences = new java.util.HashSet<>();
      for (var f : sends) {
        eu.mlagw.transport.TransferReceipt r = f.get();
        assertTrue(r.isAccepted(), r.getReasonCode() + ": " + r.getMessage());
        evidences.add(java.util.Base64.getEncoder().encodeToString(r.getEvidence()));
      }
      assertEquals(1, evidences.size(), "every sender call got the same Delivery evidence");
      Path inbox = home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox");
      assertEquals(1, entries(inbox));
      assertEquals(1, entries(inbox.resolve(id).resolve("evidences")), "one Delivery evidence issued");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPackageTamperedOnTheWayIsRefusedAndNothingIsReleased() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    Path alConfig = config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT);
    al = start(alConfig);
    rs = start(config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER));
    drop("request-8");
    Path sent = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("sent"), 20_000);
    // a second exchange made from a copy of the package with one bit flipped in the ciphertext
    String id = "01a22409-0915-7679-8666-000000000003";
    byte[] bytes = Files.readAllBytes(sent.resolve("package.p7m"));
    bytes[bytes.length / 2] ^= 0x01;
    Path tampered = Files.write(home.resolve("tampered.p7m"), bytes);
    GatewayKeys alKeys = new GatewayKeys(new ConfigLoader().load(alConfig), Map.of());
    try (eu.mlagw.transport.PeerClient client = clientOf(alKeys)) {
      eu.mlagw.transport.TransferReceipt r = client.send(rsEndpoint(rsPort),
          eu.mlagw.transport.TransferMetadata.forFile(id, SENDER, COURT, "gw-al", tampered), tampered);
      assertTrue(!r.isAccepted() && "ENVELOPE_TAMPERED".equals(r.getReasonCode()), r.getReasonCode() + " " + r.getMessage());
    }
    assertEquals(1, entries(home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox")), "only the genuine exchange");
  }

  @Test
  void aPackageOverThePeersLimitIsRefusedWithTooLarge() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    al = start(config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT));
    Path rsConfig = config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER);
    Files.writeString(rsConfig.resolve("gateway.yaml"), Files.readString(rsConfig.resolve("gateway.yaml"))
        + "limits:\n  maxPackageSize: 2k\n");
    rs = start(rsConfig);
    drop("request-9");
    String error = failure();
    assertTrue(error.contains("Reason code: TOO_LARGE"), error);
  }
}
