package eu.mlagw.config;

import java.util.Optional;

/**
 * The operations settings of gateway.yaml: the admin listener ({@code admin:}) and the alerts
 * ({@code alerts:}). Read by {@link OpsSettingsReader}; {@link ConfigLoader#load} validates them
 * with the rest of the file, so {@code config check} and {@code run} refuse the same mistakes.
 */
public record OpsSettings(Optional<AdminSettings> admin, AlertSettings alerts) {
  public static final OpsSettings NONE = new OpsSettings(Optional.empty(), AlertSettings.DEFAULTS);
}
