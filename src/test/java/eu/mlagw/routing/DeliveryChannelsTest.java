package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.transport.AgencyEndpointSimulator;
import eu.mlagw.transport.CaseSystemSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push delivery channels through the shipped routes: gw-al sends to participants hosted by
 * gw-rs whose delivery channel is a court's case-management system (rest) or an agency endpoint
 * (soap), each a real server over mutual TLS that stores what it receives.
 */
class DeliveryChannelsTest {
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String COURT = "RS-HC-BELGRADE";
  private static final String AGENCY = "EU-AGENCY";
  @TempDir static Path pki;
  @TempDir Path home;
  private GatewayNode al;
  private GatewayNode rs;
  private AutoCloseable system;

  @BeforeAll
  static void makePki() {
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + COURT + "," + AGENCY, "--gateways",
        "gw-al,gw-rs,court-cms,agency-system", "--key-algorithm", "ec"));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {al, rs, system}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static Credential tls(String name) throws Exception {
    char[] password = Files.readString(pki.resolve("keystore-password.txt")).strip().toCharArray();
    return KeyStoreFiles.readCredential(pki.resolve("gateways/" + name + "/tls.p12"), password);
  }

  private static int freePort() throws Exception {
    // below the ephemeral range: a port an outgoing connection cannot take while a listener is restarted
    return eu.mlagw.config.SamplePorts.free();
  }

  /** Starts gw-al and gw-rs; {@code delivery} is the YAML block for {@code participant} at gw-rs. */
  private void startGateways(String participant, String delivery) throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    SampleGatewayConfig.Gateway alGw = new SampleGatewayConfig.Gateway("gw-al", alPort, List.of(SENDER));
    SampleGatewayConfig.Gateway rsGw = new SampleGatewayConfig.Gateway("gw-rs", rsPort, List.of(COURT, AGENCY));
    Path alConfig = SampleGatewayConfig.write(home.resolve("gw-al/config"), pki, alGw, List.of(alGw, rsGw), "../drop", 50);
    Path rsConfig = SampleGatewayConfig.write(home.resolve("gw-rs/config"), pki, rsGw, List.of(alGw, rsGw), "../drop", 50);
    Files.writeString(alConfig.resolve("gateway.yaml"), Files.readString(alConfig.resolve("gateway.yaml"))
        + "delivery:\n  firstRetryDelay: 200ms\n  maxRetryDelay: 500ms\n");
    Path participants = rsConfig.resolve("participants.yaml");
    Files.writeString(participants, Files.readString(participants).replaceFirst("(  - id: " + participant + "\\n)",
        "$1" + delivery));
    al = start(alConfig);
    rs = start(rsConfig);
  }

  private static GatewayNode start(Path config) throws Exception {
    GatewayNode node = new GatewayNode(new ConfigLoader().load(config), Map.of(), Path.of("routes"),
        Clock.systemUTC());
    node.start();
    return node;
  }

  private static String channel(String kind, java.net.URI url, String certificateOf) {
    return "    delivery:\n      channel: " + kind + "\n      url: " + url + "\n      certificate: " + pki.toAbsolutePath()
        + "/gateways/" + certificateOf + "/tls.pem\n";
  }

  private void drop(String recipient, String name) throws Exception {
    Path outbox = Files.createDirectories(home.resolve("gw-al/drop").resolve(SENDER).resolve("outbox").resolve(recipient));
    Path folder = Files.createDirectories(outbox.resolve(name));
    Files.write(folder.resolve("statement.pdf"), "%PDF-1.4 witness statement".getBytes());
    Files.writeString(folder.resolve("request.yaml"), "subject: Hearing of a witness\n");
    Files.createFile(outbox.resolve(name + ".ready"));
  }

  /** The first exchange settled in {@code dir}: delivered, failed or received — not still sealing or sending. */
  private static Path await(Path dir, long millis) throws Exception {
    return eu.mlagw.testing.DropFolderWait.awaitSettled(dir, millis);
  }


  @Test
  void aCourtWithACaseSystemGetsTheExchangePushedAndTheSenderItsReference() throws Exception {
    CaseSystemSimulator cms = CaseSystemSimulator.builder().listen("127.0.0.1", 0).tlsCredential(tls("court-cms"))
        .trustedRoots(List.of(KeyStoreFiles.readCertificate(pki.resolve("ca/root-ca.pem"))))
        .admittedClients(List.of(KeyStoreFiles.readCertificate(pki.resolve("gateways/gw-rs/tls.pem"))))
        .folder(home.resolve("cms")).start();
    system = cms;
    cms.answerUnavailable(); // down for maintenance at first: the exchange waits and is retried
    startGateways(COURT, channel("rest", cms.url(), "court-cms"));
    drop(COURT, "request-1");
    Thread.sleep(1_500);
    try (Stream<Path> s = Files.list(home.resolve("gw-al/drop").resolve(SENDER).resolve("failed"))) {
      assertFalse(s.findAny().isPresent(), "an unavailable system is retried, not failed");
    }
    cms.accept();
    Path sent = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("sent"), 20_000);
    Path stored = await(home.resolve("cms"), 5_000);
    assertEquals(sent.getFileName(), stored.getFileName(), "the system stored it under the exchange id");
    try (Stream<Path> s = Files.walk(stored)) {
      Path pdf = s.filter(p -> p.getFileName().toString().equals("statement.pdf")).findFirst().orElseThrow();
      assertArrayEquals("%PDF-1.4 witness statement".getBytes(), Files.readAllBytes(pdf));
    }
    Path inbox = home.resolve("gw-rs/drop").resolve(COURT).resolve("inbox").resolve(sent.getFileName().toString());
    String reference = RecipientSystems.reference(inbox);
    assertTrue(reference != null && !reference.isEmpty(), "the system's reference is recorded");
    assertTrue(Files.readString(sent.resolve("status.txt")).contains(reference),
        "the sender sees where it went: " + Files.readString(sent.resolve("status.txt")));
  }

  @Test
  void anAgencyThatRefusesLeavesNothingLookingDeliveredAndTheSenderGetsNonDelivery() throws Exception {
    AgencyEndpointSimulator agency = AgencyEndpointSimulator.builder().listen("127.0.0.1", freePort())
        .tlsCredential(tls("agency-system"))
        .trustedRoots(List.of(KeyStoreFiles.readCertificate(pki.resolve("ca/root-ca.pem"))))
        .admittedClients(List.of(KeyStoreFiles.readCertificate(pki.resolve("gateways/gw-rs/tls.pem"))))
        .folder(home.resolve("agency")).start();
    system = agency;
    agency.refuse("HANDLING_CODE_MISSING", "no handling code: we accept only H1-H3 material");
    startGateways(AGENCY, channel("soap", agency.url(), "agency-system"));
    drop(AGENCY, "request-2");
    Path failed = await(home.resolve("gw-al/drop").resolve(SENDER).resolve("failed"), 20_000);
    Path error = failed.resolve("error.txt");
    for (int i = 0; i < 100 && !Files.exists(error); i++) {
      Thread.sleep(50);
    }
    String text = Files.readString(error);
    assertTrue(text.contains("Reason code: DELIVERY_REFUSED") && text.contains("we accept only H1-H3"), text);
    Path refused = await(home.resolve("gw-rs/drop").resolve(AGENCY).resolve("refused"), 5_000);
    assertTrue(Files.readString(refused.resolve("refusal.txt")).contains("H1-H3"));
    try (Stream<Path> s = Files.list(home.resolve("gw-rs/drop").resolve(AGENCY).resolve("inbox"))) {
      assertTrue(s.noneMatch(p -> !p.getFileName().toString().startsWith(".")), "nothing left looking delivered");
    }
  }
}
