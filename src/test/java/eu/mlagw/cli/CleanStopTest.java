package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import eu.mlagw.routing.DropFolders;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what {@link Process#destroy()} sends, and what systemd sends) stops {@code mlagw run}
 * and {@code mlagw demo}, each a JVM of its own started as the launcher does: within 5 s when idle,
 * within 30 s with an exchange in flight — which stays in {@code .work/} to resume, not in
 * {@code failed/} — with exit code 0 (a requested stop is a success), a line saying each gateway
 * stopped, and a final signed checkpoint that covers every event of the log ({@code audit verify}).
 */
class CleanStopTest {
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String COURT = "RS-HC-BELGRADE";
  private static final Pattern STOPPED =
      Pattern.compile("Gateway (\\S+) stopped: final audit checkpoint signed over (\\d+) events");
  @TempDir static Path pki;
  @TempDir Path home;
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void makePki() {
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + COURT, "--gateways", "gw-al,gw-rs",
        "--key-algorithm", "ec"));
  }

  @AfterEach
  void killLeftovers() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void runStopsWithinFiveSecondsOfSigtermWhenIdleAndSignsItsFinalCheckpoint() throws Exception {
    Path config = config(SamplePorts.free());
    Process node = start(home.resolve("run.log"), "run", "--config", config.toString());
    awaitLog(home.resolve("run.log"), "running; drop folders under", 60);
    Thread.sleep(1000); // idle: the intake timer ticks, nothing else

    long millis = stop(node, 5);
    String log = Files.readString(home.resolve("run.log"));
    System.out.printf("mlagw run, idle: exit %d, %d ms after SIGTERM%n", node.exitValue(), millis);
    assertEquals(0, node.exitValue(), log);
    assertTrue(log.contains("SIGTERM: stopping gateway gw-al"), log);
    assertFinalCheckpointCoversTheLog(log, "gw-al", config);
  }

  @Test
  void runWithAnExchangeRetryingStopsWithinThirtySecondsAndLeavesItToResume() throws Exception {
    Path config = config(SamplePorts.free()); // gw-rs, which hosts the court, never runs: unreachable
    Process node = start(home.resolve("run.log"), "run", "--config", config.toString());
    awaitLog(home.resolve("run.log"), "running; drop folders under", 60);
    DropFolders drop = new DropFolders(home.resolve("gw-al/drop"));
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve("request-1"));
    Files.writeString(folder.resolve("request.yaml"), "subject: Hearing of a witness\n");
    Files.write(folder.resolve("statement.pdf"), "%PDF-1.4 witness statement".getBytes());
    Files.createFile(folder.resolveSibling("request-1.ready"));
    awaitLog(home.resolve("run.log"), "PEER_UNREACHABLE", 60); // the first attempt failed; retries scheduled
    Thread.sleep(1500); // a retry under way or waiting for its next attempt

    long millis = stop(node, 30);
    String log = Files.readString(home.resolve("run.log"));
    System.out.println(log.substring(log.indexOf("SIGTERM")));
    System.out.printf("mlagw run, an exchange retrying: exit %d, %d ms after SIGTERM%n", node.exitValue(), millis);
    assertEquals(0, node.exitValue(), log);
    assertEquals(List.of(), visible(drop.failed(SENDER)), "a stop is no failure of the exchange\n" + log);
    assertEquals(1, visible(drop.sent(SENDER)).size(), "sealed, shown in sent/ while sending\n" + log);
    assertEquals("SENDING", eu.mlagw.routing.StatusFiles.state(visible(drop.sent(SENDER)).get(0)),
        "left sending, to resume\n" + log);
    assertFinalCheckpointCoversTheLog(log, "gw-al", config);

    // the next start takes it up again (still unreachable: retrying, in .work/), and stops as cleanly
    Process again = start(home.resolve("run-2.log"), "run", "--config", config.toString());
    awaitLog(home.resolve("run-2.log"), "running; drop folders under", 60);
    awaitLog(home.resolve("run-2.log"), "PEER_UNREACHABLE", 60);
    long secondMillis = stop(again, 30);
    String log2 = Files.readString(home.resolve("run-2.log"));
    System.out.printf("mlagw run, resumed exchange retrying: exit %d, %d ms after SIGTERM%n", again.exitValue(),
        secondMillis);
    assertEquals(0, again.exitValue(), log2);
    assertEquals(List.of(), visible(drop.failed(SENDER)), log2);
    assertEquals("SENDING", eu.mlagw.routing.StatusFiles.state(visible(drop.sent(SENDER)).get(0)), log2);
  }

  @Test
  void demoStopsWithinFiveSecondsOfSigtermAndEveryGatewaySignsItsFinalCheckpoint() throws Exception {
    Path dir = home.resolve("demo");
    Path out = home.resolve("demo.log");
    Process demo = start(out, "demo", "--dir", dir.toString(), "--certs",
        Path.of("certs-sample").toAbsolutePath().toString(), "--routes", Path.of("routes").toAbsolutePath().toString());
    awaitLog(out, "Try, in another terminal while the demo runs:", 120);
    String running = Files.readString(out);
    Matcher configs = Pattern.compile("^ +--config (\\S+/gw-\\w+/config)$", Pattern.MULTILINE).matcher(running);
    List<Path> printed = new ArrayList<>();
    while (configs.find()) {
      printed.add(Path.of(configs.group(1)));
    }
    assertEquals(3, printed.size(), "the demo prints each gateway's --config folder\n" + running);
    assertTrue(running.contains("./mlagw status --config " + printed.get(0)), running);
    assertTrue(running.contains("./mlagw audit verify --config " + printed.get(0)), running);

    long millis = stop(demo, 5);
    String log = Files.readString(out);
    System.out.printf("mlagw demo, idle: exit %d, %d ms after SIGTERM%n", demo.exitValue(), millis);
    assertEquals(0, demo.exitValue(), log);
    assertTrue(log.contains("SIGTERM: stopping the demo's gateways") && log.contains("Demo stopped in"), log);
    assertFalse(log.contains("Forcing shutdown"), log);
    for (Path config : printed) {
      assertFinalCheckpointCoversTheLog(log, config.getParent().getFileName().toString(), config);
    }
  }

  /** gw-al hosting the sender, knowing gw-rs (hosting the court) at {@code rsPort}. */
  private Path config(int rsPort) throws Exception {
    SampleGatewayConfig.Gateway al = new SampleGatewayConfig.Gateway("gw-al", SamplePorts.free(), List.of(SENDER));
    SampleGatewayConfig.Gateway rs = new SampleGatewayConfig.Gateway("gw-rs", rsPort, List.of(COURT));
    return SampleGatewayConfig.write(home.resolve("gw-al/config"), pki, al, List.of(al, rs), "../drop", 50);
  }

  /** {@code mlagw ARGS} in a JVM of its own, with the launcher's heap and the Hazelcast flags of this JVM. */
  private Process start(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "eu.mlagw.cli.Mlagw"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  /** Sends SIGTERM; asserts the process ended within {@code seconds}; returns how long it took. */
  private static long stop(Process p, int seconds) throws Exception {
    long started = System.nanoTime();
    p.destroy(); // SIGTERM
    boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(ended, "still running " + seconds + " s after SIGTERM");
    return millis;
  }

  private static void awaitLog(Path log, String text, int seconds) throws Exception {
    for (int i = 0; i < seconds * 10; i++) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("'" + text + "' not logged within " + seconds + " s:\n" + Files.readString(log));
  }

  /**
   * The stop line of {@code gateway} names the size of its final checkpoint, and {@code audit verify}
   * finds that checkpoint covering every event the store holds (nothing appended after it).
   */
  private static void assertFinalCheckpointCoversTheLog(String log, String gateway, Path config) {
    Matcher m = STOPPED.matcher(log);
    long size = -1;
    while (m.find()) {
      if (m.group(1).equals(gateway)) {
        size = Long.parseLong(m.group(2));
      }
    }
    assertTrue(size > 0, "no final checkpoint line for " + gateway + "\n" + log);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(out), new PrintWriter(err), "audit", "verify", "--config", config.toString(),
        "--auditor", "A. Auditor", "--purpose", "clean stop test");
    assertEquals(0, code, out + "\n" + err);
    assertTrue(out.toString().startsWith("OK " + size + " events"), "every event is in the final checkpoint: " + out);
    assertTrue(out.toString().contains("the newest covering events 0.." + (size - 1)), out.toString());
    assertFalse(out.toString().contains("not yet covered"), out.toString());
  }

  private static List<Path> visible(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }
}
