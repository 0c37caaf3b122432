package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the operator's log says about an exchange that goes wrong, on two real gateways: one line
 * per event with its reason code, in English, no stack trace for an expected refusal, nothing from
 * Camel's own error handler, and no CXF warning when the nodes stop.
 */
class OperatorLogTest {
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String COURT = "RS-HC-BELGRADE";
  @TempDir static Path pki;
  @TempDir Path home;
  private GatewayNode al;
  private GatewayNode rs;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @BeforeAll
  static void makePki() {
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + COURT, "--gateways", "gw-al,gw-rs",
        "--key-algorithm", "ec"));
  }

  @BeforeEach
  void capture() {
    events.start();
    root().addAppender(events);
  }

  @AfterEach
  void stop() {
    for (GatewayNode n : new GatewayNode[] {al, rs}) {
      if (n != null) {
        n.close();
      }
    }
    root().detachAppender(events);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static int freePort() throws Exception {
    // below the ephemeral range: a port an outgoing connection cannot take while a listener is restarted
    return eu.mlagw.config.SamplePorts.free();
  }

  private Path config(String self, int port, String hosted, String other, int otherPort, String remote) throws Exception {
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

  private void drop(String name, String requestYaml) throws Exception {
    DropFolders alDrop = new DropFolders(home.resolve("gw-al/drop"));
    Path folder = Files.createDirectories(alDrop.outbox(SENDER).resolve(COURT).resolve(name));
    Files.write(folder.resolve("statement.pdf"), "%PDF-1.4 witness statement".getBytes());
    Files.writeString(folder.resolve("request.yaml"), requestYaml);
    Files.createFile(folder.resolveSibling(name + ".ready"));
  }

  private String errorText() throws Exception {
    Path failed = eu.mlagw.testing.DropFolderWait.awaitSettled(home.resolve("gw-al/drop").resolve(SENDER)
        .resolve("failed"), 30_000);
    for (int i = 0; i < 100 && !Files.exists(failed.resolve("error.txt")); i++) {
      Thread.sleep(50);
    }
    return Files.readString(failed.resolve("error.txt"));
  }

  private List<ILoggingEvent> from(String loggerSuffix) {
    return List.copyOf(events.list).stream().filter(e -> e.getLoggerName().endsWith(loggerSuffix)).toList();
  }

  /** The lines of that logger containing the text, once there is one (or none after 10 s), plus 200 ms for a duplicate. */
  private List<ILoggingEvent> awaitLines(String loggerSuffix, String text) throws InterruptedException {
    for (int i = 0; i < 200 && matching(loggerSuffix, text).isEmpty(); i++) {
      Thread.sleep(50);
    }
    Thread.sleep(200);
    return matching(loggerSuffix, text);
  }

  private List<ILoggingEvent> matching(String loggerSuffix, String text) {
    return from(loggerSuffix).stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
  }

  private String dump() {
    return List.copyOf(events.list).stream().map(e -> e.getLoggerName() + " " + e.getLevel() + " "
        + e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " +TRACE")).collect(Collectors.joining("\n"));
  }

  private void assertNoCamelAndNoTraces() {
    assertTrue(from("").stream().noneMatch(e -> e.getLoggerName().startsWith("org.apache.camel")),
        "Camel's error handler logs nothing of its own: " + dump());
    assertTrue(from("").stream().filter(e -> e.getLoggerName().startsWith("eu.mlagw"))
        .allMatch(e -> e.getThrowableProxy() == null), "no stack trace for an expected failure: " + dump());
  }

  @Test
  void aRefusalAtTheReceiverIsOneLineThereAndOneAtTheSender() throws Exception {
    int alPort = freePort();
    int rsPort = freePort();
    al = start(config("gw-al", alPort, SENDER, "gw-rs", rsPort, COURT));
    Path rsConfig = config("gw-rs", rsPort, COURT, "gw-al", alPort, SENDER);
    Path participants = rsConfig.resolve("participants.yaml");
    Files.writeString(participants, Files.readString(participants).replaceFirst("(  - id: " + COURT + "\n)",
        "$1    mayReceiveFrom: [RS-*]\n"));
    rs = start(rsConfig);
    drop("request-1", "subject: Hearing of a witness\n");
    assertTrue(errorText().contains("POLICY_DENIED"));
    // the receiver writes its line after it has answered, so it may come just after the sender's failed/ settles
    List<ILoggingEvent> receiver = awaitLines("RoutedReception", "POLICY_DENIED");
    assertEquals(1, receiver.size(), dump());
    assertEquals(1, from("RoutedReception").size(), "nothing else from the receiver: " + dump());
    assertTrue(receiver.get(0).getFormattedMessage().contains("refused the package from gateway gw-al: POLICY_DENIED: "),
        dump());
    assertEquals(List.of(), from("PeerGatewayEndpoint").stream().filter(e -> e.getLevel().isGreaterOrEqual(
        ch.qos.logback.classic.Level.WARN)).toList(), "the listener does not repeat the receiver's line");
    List<ILoggingEvent> sender = awaitLines("ExchangeLifecycle", "POLICY_DENIED");
    assertEquals(1, sender.size(), dump());
    assertNoCamelAndNoTraces();
  }

  @Test
  void eachRetryIsOneLineAndAStopLeavesNoCxfWarning() throws Exception {
    int alPort = freePort();
    int auditPort = freePort();
    Path alConfig = config("gw-al", alPort, SENDER, "gw-rs", freePort(), COURT);
    Path gw = alConfig.resolve("gateway.yaml");
    Files.writeString(gw, Files.readString(gw) + "delivery:\n  firstRetryDelay: 200ms\n  maxRetryDelay: 200ms\n"
        + "  deadline: 2s\nauditApi:\n  listen: {host: 127.0.0.1, port: " + auditPort + "}\n");
    al = start(alConfig);
    drop("request-2", "subject: Hearing of a witness\n");
    assertTrue(errorText().contains("DELIVERY_DEADLINE_PASSED"));
    al.close();
    List<ILoggingEvent> attempts = from("ExchangeLifecycle").stream()
        .filter(e -> e.getFormattedMessage().contains(": attempt ")).toList();
    assertTrue(attempts.size() >= 3, dump());
    for (int n = 1; n <= attempts.size(); n++) {
      String attempt = ": attempt " + n + " failed (PEER_UNREACHABLE: ";
      assertEquals(1, attempts.stream().filter(e -> e.getFormattedMessage().contains(attempt)).count(), dump());
    }
    assertEquals(List.of(), from("PeerClient").stream().filter(e -> e.getLevel().isGreaterOrEqual(
        ch.qos.logback.classic.Level.WARN)).toList(), "the client does not repeat the lifecycle's line");
    assertTrue(from("UndertowHTTPServerEngine").isEmpty(), "no 'Failed to shutdown Undertow server': " + dump());
    assertNoCamelAndNoTraces();
  }

  @Test
  void anInvalidRequestIsLoggedInEnglishWithoutTheProsecutorsText() throws Exception {
    al = start(config("gw-al", freePort(), SENDER, "gw-rs", freePort(), COURT));
    Path participants = home.resolve("gw-al/config/participants.yaml");
    assertTrue(Files.readString(participants).contains(SENDER));
    drop("request-3", "subject: Hearing of a witness\nurgency: sofort\n");
    String errorTxt = errorText();
    // the operator's line is written once the refusal is complete, i.e. just after failed/ settles
    List<ILoggingEvent> lines = awaitLines("ExchangeLifecycle", "REQUEST_INVALID");
    assertEquals(1, lines.size(), dump());
    String line = lines.get(0).getFormattedMessage();
    assertTrue(line.contains("not sent: REQUEST_INVALID: the request has 1 problem(s)") && line.contains("urgency "
        + "(unknown-code)"), line);
    assertFalse(line.contains("sofort"), "no value read from the request: " + line);
    for (String text : errorTxt.lines().filter(l -> l.length() > 20).toList()) {
      assertFalse(line.contains(text), "error.txt's text stays in the drop folder: " + line);
    }
    assertNoCamelAndNoTraces();
  }

  @Test
  void onlyUnexpectedFailuresCarryAStackTrace() {
    assertNull(OperatorLog.stackTraceOf(new eu.mlagw.error.GatewayException(eu.mlagw.error.ReasonCode.PEER_UNREACHABLE,
        "down", new java.net.ConnectException("refused"))));
    IllegalStateException bug = new IllegalStateException("a bug");
    assertEquals(bug, OperatorLog.stackTraceOf(bug));
  }
}
