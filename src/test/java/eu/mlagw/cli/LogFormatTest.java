package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import eu.mlagw.testing.MlagwJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped logback.xml in a {@code mlagw run} of its own: ISO-8601 timestamps with the zone
 * offset, the same lines in the rotating log file, JSON lines with MLAGW_LOG_FORMAT=json, and a node
 * that cannot take its peer port says so once — no CXF line with the port as "28,443", no
 * "Failed to shutdown Undertow server" for the audit API it had already opened.
 */
class LogFormatTest {
  private static final Pattern ISO_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO |WARN |ERROR) \\S+ - .+");
  @TempDir static Path pki;
  @TempDir Path home;

  @BeforeAll
  static void makePki() {
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", "AL-PG-TIRANA,RS-HC-BELGRADE", "--gateways", "gw-al,gw-rs", "--key-algorithm", "ec"));
  }

  record Run(int exit, List<String> stderr, List<String> logFile, int peerPort, int auditPort) {}

  /** {@code mlagw run} whose peer port is taken by another process: it opens the audit API, then refuses. */
  private Run runWithBusyPeerPort(String format) throws Exception {
    int auditPort = SamplePorts.free();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SampleGatewayConfig.Gateway self = new SampleGatewayConfig.Gateway("gw-al", busy.getLocalPort(),
          List.of("AL-PG-TIRANA"));
      SampleGatewayConfig.Gateway peer = new SampleGatewayConfig.Gateway("gw-rs", SamplePorts.free(),
          List.of("RS-HC-BELGRADE"));
      Path config = SampleGatewayConfig.write(home.resolve("config"), pki, self, List.of(self, peer), "../drop", 50);
      Files.writeString(config.resolve("gateway.yaml"), Files.readString(config.resolve("gateway.yaml"))
          + "auditApi:\n  listen: {host: 127.0.0.1, port: " + auditPort + "}\n");
      Path logFile = home.resolve("logs/mlagw.log");
      List<String> jvm = new ArrayList<>(List.of("-Dlogback.configurationFile="
          + Path.of("target/classes/logback.xml").toAbsolutePath(), "-Dmlagw.log.file=" + logFile));
      ProcessBuilder pb = new ProcessBuilder(MlagwJvm.command(jvm, "run", "--config", config.toString(), "--routes",
          MlagwJvm.routes().toString())).redirectError(home.resolve("stderr.txt").toFile())
          .redirectOutput(home.resolve("stdout.txt").toFile());
      pb.environment().put("MLAGW_LOG_FORMAT", format);
      pb.environment().remove("MLAGW_LOG_FILE");
      Process p = pb.start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the node refuses to start");
      return new Run(p.exitValue(), Files.readAllLines(home.resolve("stderr.txt")),
          Files.exists(logFile) ? Files.readAllLines(logFile) : List.of(), busy.getLocalPort(), auditPort);
    }
  }

  @Test
  void textLinesCarryIsoTimestampsWithZoneAndGoToTheFileToo() throws Exception {
    Run r = runWithBusyPeerPort("text");
    String all = String.join("\n", r.stderr());
    assertEquals(1, r.exit(), all);
    List<String> logLines = r.stderr().stream().filter(l -> !l.startsWith("ERROR ")).toList();
    assertFalse(logLines.isEmpty(), all);
    for (String line : logLines) {
      assertTrue(ISO_LINE.matcher(line).matches(), "one ISO-8601 line per event, no logback status, no stack trace: "
          + line);
    }
    assertTrue(all.contains("audit API https://127.0.0.1:" + r.auditPort() + "/audit/v1 started"), all);
    assertTrue(all.contains("ERROR CONFIG_INVALID: cannot listen for peers on 127.0.0.1:" + r.peerPort() + ": "), all);
    assertFalse(all.contains("Could not start Undertow server"), "CXF's duplicate with a grouped port: " + all);
    assertFalse(all.contains("Failed to shutdown Undertow server"), all);
    assertEquals(logLines, r.logFile(), "the log file holds the same lines");
  }

  @Test
  void jsonLayoutWritesOneObjectPerLine() throws Exception {
    Run r = runWithBusyPeerPort("json");
    String all = String.join("\n", r.stderr());
    assertEquals(1, r.exit(), all);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : r.stderr()) {
      if (!line.startsWith("ERROR ")) { // the CLI's own failure line
        events.add(json.readTree(line));
      }
    }
    assertTrue(events.stream().anyMatch(e -> "INFO".equals(e.path("level").asText())
        && e.path("formattedMessage").asText().contains("/audit/v1 started")
        && e.path("loggerName").asText().equals("eu.mlagw.transport.AuditApiServer")
        && e.path("timestamp").asLong() > 1_700_000_000_000L), all);
    assertEquals(r.stderr().stream().filter(l -> !l.startsWith("ERROR ")).toList(), r.logFile());
  }
}
