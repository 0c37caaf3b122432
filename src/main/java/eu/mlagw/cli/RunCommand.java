package eu.mlagw.cli;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.routing.GatewayNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mlagw run}: start a gateway node and keep it running until Ctrl-C or SIGTERM; then stop it
 * cleanly (exchanges in flight are left to resume at the next start, the audit log gets its final
 * signed checkpoint), say so, and exit 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Start a gateway node: watch the outboxes of the participants hosted here, seal each",
        "submission and deliver it into the recipient's inbox, with status files in sent/ and error.txt in failed/."})
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--routes", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/routes",
      description = "Folder with the Camel routes (*.camel.yaml; default: ${DEFAULT-VALUE}).")
  Path routes;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws GatewayException, InterruptedException {
    // an OutOfMemoryError or StackOverflowError on any thread ends the node for its supervisor to restart
    eu.mlagw.routing.FatalErrors.installAsDefault(eu.mlagw.routing.FatalErrors.forProcess());
    StopSignals signals = StopSignals.install();
    GatewayConfig cfg = config.load();
    java.util.Optional<Path> logFile = LogFile.attach(cfg.directory(), System.getenv());
    GatewayNode node = new GatewayNode(cfg, System.getenv(), routes, Clock.systemUTC());
    node.start();
    StopSignals.closeOnExit(java.util.List.of(node));
    java.io.PrintWriter out = spec.commandLine().getOut();
    out.printf("Gateway %s running; drop folders under %s; log file %s (Ctrl-C to stop)%n", cfg.gatewayId(),
        node.folders().root(), logFile.map(Path::toString).orElse("none (stderr only)"));
    node.adminUrl().ifPresent(u -> out.printf("Health %s/health/ready, metrics %s/metrics%n", u, u));
    out.flush();
    String signal = signals.await();
    out.printf("%s: stopping gateway %s%n", signal, cfg.gatewayId());
    out.flush();
    long started = System.nanoTime();
    node.close();
    out.printf(java.util.Locale.ROOT, "%s in %.1f s%n", stoppedLine(cfg.gatewayId(), node),
        (System.nanoTime() - started) / 1e9);
    out.flush();
    return 0;
  }

  /** "Gateway X stopped: final audit checkpoint signed over N events" (or says it is missing). */
  static String stoppedLine(String gatewayId, GatewayNode node) {
    return "Gateway " + gatewayId + " stopped: " + node.finalCheckpoint().map(c -> "final audit checkpoint signed over "
        + c.checkpoint().size() + " events").orElse("NO final audit checkpoint (see the log above)");
  }
}
