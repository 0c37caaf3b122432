package eu.mlagw.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code needs audit-api} fixture of {@link ShellRecipesTest}: in a page's scratch home, a
 * sample PKI made by {@code ./mlagw pki init --out pki ... --auditors ana.auditor,ben.auditor} (as
 * the manual says), a configuration {@code audit-api-config/} of gateway gw-demo on that PKI with
 * {@code auditApi:} on a free loopback port, and its node running ({@code ./mlagw run}) while the
 * recipe runs. The recipe's port 8444 becomes the free port.
 */
final class AuditApiNode implements AutoCloseable {
  /** The port the manual's recipes use. */
  static final String MANUAL_PORT = "8444";
  private final Process node;
  final int port;

  private AuditApiNode(Process node, int port) {
    this.node = node;
    this.port = port;
  }

  /** Makes the PKI and configuration if missing, starts the node, returns once the audit API serves. */
  static AuditApiNode start(Path home) throws Exception {
    Path pki = home.resolve("pki");
    Path config = home.resolve("audit-api-config");
    if (!Files.exists(pki)) {
      Process init = new ProcessBuilder("./mlagw", "pki", "init", "--out", "pki", "--participants",
          "AL-PG-TIRANA,RS-HC-BELGRADE", "--gateways", "gw-demo,gw-peer", "--auditors", "ana.auditor,ben.auditor")
          .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("pki-init.log").toFile()).start();
      assertEquals(0, init.waitFor(), Files.readString(home.resolve("pki-init.log")));
    }
    int port = SamplePorts.free();
    SampleGatewayConfig.Gateway self = new SampleGatewayConfig.Gateway("gw-demo", SamplePorts.free(),
        List.of("AL-PG-TIRANA"));
    SampleGatewayConfig.Gateway peer = new SampleGatewayConfig.Gateway("gw-peer", SamplePorts.free(),
        List.of("RS-HC-BELGRADE"));
    SampleGatewayConfig.write(config, pki, self, List.of(self, peer), "../audit-api-drop", 200);
    Files.writeString(config.resolve("gateway.yaml"), "auditApi:\n  listen: {host: 127.0.0.1, port: " + port + "}\n",
        StandardOpenOption.APPEND);
    Path log = home.resolve("audit-api-node.log");
    Process node = new ProcessBuilder("./mlagw", "run", "--config", "audit-api-config").directory(home.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.readString(log).contains("Gateway gw-demo running")) {
      if (!node.isAlive() || System.nanoTime() > until) {
        node.destroyForcibly();
        fail("the node serving the audit API did not start; its log:\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    return new AuditApiNode(node, port);
  }

  /** The recipe with the manual's port replaced by this node's. */
  String adapt(String recipe) {
    return recipe.replace("127.0.0.1:" + MANUAL_PORT, "127.0.0.1:" + port);
  }

  /** Stops the node (SIGTERM, a clean stop). */
  @Override
  public void close() throws InterruptedException {
    node.destroy();
    if (!node.waitFor(40, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      fail("the node serving the audit API did not stop within 40 s of SIGTERM");
    }
  }
}
