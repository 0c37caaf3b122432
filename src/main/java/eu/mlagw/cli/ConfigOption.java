package eu.mlagw.cli;

import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --config DIR} option and what it loads. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/config",
      description = "Configuration folder with gateway.yaml and participants.yaml (default: ${DEFAULT-VALUE}).")
  Path directory;

  /** The validated configuration; the key material it points at is {@code new GatewayKeys(config, System.getenv())}. */
  GatewayConfig load() throws GatewayException {
    return new ConfigLoader().load(directory);
  }
}
