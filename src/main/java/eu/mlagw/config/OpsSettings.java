package eu.mlagw.config;

import java.util.Optional;

/**
 * The operations settings of gateway.yaml: the admin listener ({@code admin:}), the alerts
 * ({@code alerts:}) and the web console ({@code console:}). Read by {@link OpsSettingsReader}; {@link ConfigLoader#load} validates them
 * with the rest of the file, so {@code config check} and {@code run} refuse the same mistakes.
 */
public record OpsSettings(Optional<AdminSettings> admin, AlertSettings alerts, Optional<ConsoleSettings> console) {
  public static final OpsSettings NONE = new OpsSettings(Optional.empty(), AlertSettings.DEFAULTS);

  public OpsSettings {
    console = console == null ? Optional.empty() : console;
  }

  /** Settings without the web console ({@code console:} absent). */
  public OpsSettings(Optional<AdminSettings> admin, AlertSettings alerts) {
    this(admin, alerts, Optional.empty());
  }
}
