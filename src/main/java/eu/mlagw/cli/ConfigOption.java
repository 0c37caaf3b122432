package eu.mlagw.cli;

import eu.mlagw.config.ConfigLoader;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --config DIR} option and what it loads. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/config",
      description = "Configuration folder with gateway.yaml and participants.yaml (default: ${DEFAULT-VALUE}).")
  Path directory;

  GatewayKeys load() throws GatewayException {
    return new GatewayKeys(new ConfigLoader().load(directory), System.getenv());
  }
}
