package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlagw audit ...} on a gateway whose node runs (a real node in a process of its own, with
 * the default H2 store): the commands go through the node, their consultation is recorded in the
 * node's log; and when the H2 file is held by another process with no node to go through, the
 * command says so with AUDIT_STORE_UNAVAILABLE.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditCommandOnRunningNodeTest {
  private static final List<String> HAZELCAST_OPENS = List.of("--add-modules", "java.se", "--add-exports",
      "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
      "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED", "--add-opens",
      "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  @TempDir static Path home;
  static Path config;
  static Process node;

  record Run(int code, String out, String err) {}

  static Run mlagw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run audit(String command, String purpose, String... more) {
    List<String> all = new java.util.ArrayList<>(List.of("audit", command));
    all.addAll(List.of(more));
    all.addAll(List.of("--config", config.toString(), "--auditor", "Ana Auditor", "--purpose", purpose));
    return mlagw(all.toArray(String[]::new));
  }

  @BeforeAll
  static void startNode() throws Exception {
    Path pki = home.resolve("pki");
    Run init = mlagw("pki", "init", "--out", pki.toString(), "--participants", "AL-PG-TIRANA,RS-HC-BELGRADE",
        "--gateways", "gw-al,gw-rs", "--key-algorithm", "ec");
    assertEquals(0, init.code(), init.err());
    SampleGatewayConfig.Gateway al = new SampleGatewayConfig.Gateway("gw-al", SamplePorts.free(), List.of("AL-PG-TIRANA"));
    SampleGatewayConfig.Gateway rs = new SampleGatewayConfig.Gateway("gw-rs", SamplePorts.free(), List.of("RS-HC-BELGRADE"));
    config = SampleGatewayConfig.write(home.resolve("config"), pki, al, List.of(al, rs), "../drop", 200);
    List<String> command = new java.util.ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(HAZELCAST_OPENS);
    command.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path"), "eu.mlagw.cli.Mlagw", "run",
        "--config", config.toString()));
    Path log = home.resolve("node.log");
    node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.readString(log).contains("Gateway gw-al running")) {
      if (!node.isAlive() || System.nanoTime() > until) {
        fail("the node did not start; its log:\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null && node.isAlive()) {
      node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void readOnlyCommandsWorkWhileTheNodeRunsAndAreRecordedInItsLog() throws Exception {
    Run first = audit("query", "first look while the node runs");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains(" CONFIG_LOADED "), first.out());

    Run verify = audit("verify", "verify while the node runs");
    assertEquals(0, verify.code(), verify.err());
    assertTrue(verify.out().startsWith("OK "), verify.out());

    Path export = home.resolve("export.jsonl");
    Run exported = audit("export", "export while the node runs", "--format", "jsonl", "--out", export.toString());
    assertEquals(0, exported.code(), exported.err());

    Run again = audit("query", "second look", "--type", "AUDIT_QUERIED");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("purpose=first look while the node runs"), again.out());
    assertTrue(again.out().contains("purpose=second look"), again.out());
    String recorded = audit("query", "third look", "--type", "AUDIT_VERIFIED").out()
        + audit("query", "fourth look", "--type", "AUDIT_EXPORTED").out();
    assertTrue(recorded.contains("purpose=verify while the node runs"), recorded);
    assertTrue(recorded.contains("purpose=export while the node runs"), recorded);
    assertTrue(Files.readString(export).contains("CONFIG_LOADED"));

    // a proof bundle signs a checkpoint of the node's log from here (the gateway's seal) and stores it there
    assertEquals(0, audit("query", "about one exchange", "--exchange", "EX-1").code());
    Path bundle = home.resolve("EX-1.zip");
    Run proof = audit("proof", "court order 12/2026", "EX-1", "--out", bundle.toString());
    assertEquals(0, proof.code(), proof.err());
    Run checked = mlagw("audit", "verify-proof", bundle.toString(), "--trust",
        home.resolve("pki/ca/root-ca.pem").toString());
    assertEquals(0, checked.code(), checked.out() + checked.err());
    Run verified = audit("verify", "verify after the proof");
    assertEquals(0, verified.code(), verified.err());
    assertTrue(verified.out().matches("(?s)OK \\d+ events and [1-9]\\d* checkpoints.*"),
        verified.out());
  }

  @Test
  @Order(2)
  void theConsultationsAreInTheNodesDatabaseAfterItStops() throws Exception {
    node.destroy(); // SIGTERM: a clean stop, which signs the final checkpoint
    assertTrue(node.waitFor(40, TimeUnit.SECONDS), "the node stopped");
    Run after = audit("query", "after the stop", "--type", "AUDIT_QUERIED");
    assertEquals(0, after.code(), after.err());
    assertTrue(after.out().contains("purpose=first look while the node runs"), after.out());
    Run verify = audit("verify", "verify after the stop");
    assertEquals(0, verify.code(), verify.err());
    assertTrue(verify.out().startsWith("OK "), verify.out());
  }

  @Test
  @Order(3)
  void withTheFileHeldByAnotherProcessAndNoNodeToGoThroughTheErrorSaysWhatToDo() throws Exception {
    Path lock = config.resolve("data/audit.owner.lock");
    // another process holding the audit file, as a node of another configuration folder would
    Process holder = new ProcessBuilder("python3", "-c", "import fcntl,sys,time\n"
        + "f=open(sys.argv[1],'a'); fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
        lock.toString()).redirectErrorStream(true).start();
    try {
      assertEquals("held", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
      Run r = audit("query", "while another process holds the file");
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().startsWith("ERROR AUDIT_STORE_UNAVAILABLE: the audit H2 database " + config.resolve("data/audit")
          + ".mv.db is in use by another process"), r.err());
      assertTrue(r.err().contains("if a node of gateway gw-al runs with another configuration, give that one (--config)"),
          r.err());
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
