package eu.mlagw.config;

import java.time.Duration;

/**
 * The {@code audit:} settings of gateway.yaml. Immutable.
 *
 * @param checkpointInterval how often a running gateway signs a checkpoint of its audit log
 *     ({@code audit.checkpointIntervalSeconds}, default {@value #DEFAULT_INTERVAL_SECONDS}, allowed
 *     {@value #MIN_INTERVAL_SECONDS} to {@value #MAX_INTERVAL_SECONDS}): events after the newest
 *     checkpoint are protected only by the store until the next one is signed
 */
public record AuditSettings(Duration checkpointInterval) {
  public static final int DEFAULT_INTERVAL_SECONDS = 60;
  public static final int MIN_INTERVAL_SECONDS = 1;
  public static final int MAX_INTERVAL_SECONDS = 86_400;

  public AuditSettings {
    long s = checkpointInterval.toSeconds();
    if (s < MIN_INTERVAL_SECONDS || s > MAX_INTERVAL_SECONDS) {
      throw new IllegalArgumentException("checkpoint interval must be " + MIN_INTERVAL_SECONDS + " to "
          + MAX_INTERVAL_SECONDS + " seconds, got " + s);
    }
  }

  /** The defaults: a checkpoint every {@value #DEFAULT_INTERVAL_SECONDS} seconds. */
  public static AuditSettings defaults() {
    return new AuditSettings(Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS));
  }
}
