package eu.mlagw.cli;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.crypto.KeyMaterialCheck;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mlagw config check}: validate a configuration and the key material it points at. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check a gateway configuration.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw CommandSummaries.missingCommand(spec);
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      header = "Check a configuration and its key material: everything mlagw run checks at start, and more.",
      description = {"Validate gateway.yaml and participants.yaml (the same validation as at start, YAML errors",
          "with file:line:column), everything mlagw run refuses to start with (drop folder root, the gateway's",
          "seal and TLS keystores, peers' certificates, routes, mappings), then every certificate (valid now,",
          "trusted, right key usage, not expiring within 30 days), every hosted keystore (opens, holds the key of",
          "its certificate), every CRL (current), the route files (each parses, none of the shipped set missing),",
          "and mappings/ (code lists with a label in every language, messages, profiles mapping every required",
          "field; each participant's profile and languages exist).",
          "Exit 0 when nothing is an ERROR; otherwise 1 with the reason code mlagw run would refuse with."})
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption config;

    @CommandLine.Option(names = "--reach", description = "Also try to open a TCP connection to every peer gateway.")
    boolean reach;

    @CommandLine.Option(names = "--routes", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/routes",
        description = "Folder with the Camel routes to check (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path routes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      GatewayConfig cfg = config.load();
      GatewayKeys keys = new GatewayKeys(cfg, System.getenv());
      PrintWriter o = spec.commandLine().getOut();
      o.println("Configuration " + cfg.directory() + " (gateway " + cfg.gatewayId() + "): "
          + cfg.participants().size() + " participants, syntax and references valid");
      List<KeyMaterialCheck.Finding> findings = new java.util.ArrayList<>(NodeSettingsCheck.run(cfg));
      findings.addAll(new KeyMaterialCheck(cfg, keys, Instant.now()).run());
      for (String dead : eu.mlagw.config.PolicyReferences.deadEntries(cfg)) {
        findings.add(new KeyMaterialCheck.Finding(KeyMaterialCheck.Severity.WARNING, "policy", dead));
      }
      List<String> routeProblems = eu.mlagw.routing.RouteFiles.check(routes);
      for (String problem : routeProblems) {
        findings.add(new KeyMaterialCheck.Finding(KeyMaterialCheck.Severity.ERROR, "routes",
            ReasonCode.CONFIG_INVALID + ": " + problem, ReasonCode.CONFIG_INVALID));
      }
      if (routeProblems.isEmpty()) {
        findings.add(new KeyMaterialCheck.Finding(KeyMaterialCheck.Severity.OK, "routes", routes.toAbsolutePath().normalize()
            + ": every file parses, route ids unique, bean references known"));
      }
      if (reach) {
        for (eu.mlagw.config.GatewayConfig.PeerConfig peer : cfg.peers()) {
          try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(peer.url().getHost(), peer.url().getPort()), 3000);
            findings.add(new KeyMaterialCheck.Finding(KeyMaterialCheck.Severity.OK, peer.id(),
                "reachable at " + peer.url().getHost() + ":" + peer.url().getPort()));
          } catch (java.io.IOException e) {
            findings.add(new KeyMaterialCheck.Finding(KeyMaterialCheck.Severity.ERROR, peer.id(), "cannot be reached at "
                + peer.url().getHost() + ":" + peer.url().getPort() + " (" + e.getMessage() + "); check the URL, "
                + "that the peer runs, and firewalls"));
          }
        }
      }
      List<eu.mlagw.metadata.MappingsCheck.Line> mappings = eu.mlagw.metadata.MappingsCheck.run(cfg);
      long errors = findings.stream().filter(f -> f.severity() == KeyMaterialCheck.Severity.ERROR).count()
          + mappings.stream().filter(eu.mlagw.metadata.MappingsCheck.Line::isError).count();
      long warnings = findings.stream().filter(f -> f.severity() == KeyMaterialCheck.Severity.WARNING).count()
          + mappings.stream().filter(l -> l.severity().equals("WARNING")).count();
      findings.forEach(o::println);
      mappings.forEach(o::println);
      o.printf("%d error(s), %d warning(s)%n", errors, warnings);
      o.flush();
      if (errors > 0) {
        // the reason code a node start would refuse with first, so that a script sees the same code
        ReasonCode reason = findings.stream().filter(f -> f.severity() == KeyMaterialCheck.Severity.ERROR)
            .map(KeyMaterialCheck.Finding::reason).filter(java.util.Objects::nonNull).findFirst()
            .orElse(ReasonCode.CONFIG_INVALID);
        throw new GatewayException(reason, errors + " problem(s) in the configuration, key material, routes or "
            + "mappings of " + cfg.directory() + "; see the ERROR lines above");
      }
      return 0;
    }
  }
}
