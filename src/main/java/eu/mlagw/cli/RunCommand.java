package eu.mlagw.cli;

import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.routing.GatewayNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlagw run}: start a gateway node and keep it running until Ctrl-C. */
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
    GatewayKeys keys = config.load();
    GatewayNode node = new GatewayNode(keys, routes, Clock.systemUTC());
    node.start();
    spec.commandLine().getOut().printf("Gateway %s running; drop folders under %s (Ctrl-C to stop)%n",
        keys.config().gatewayId(), node.folders().root());
    spec.commandLine().getOut().flush();
    node.awaitShutdown();
    return 0;
  }
}
