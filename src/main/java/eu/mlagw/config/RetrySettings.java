package eu.mlagw.config;

import java.time.Duration;

/**
 * How long a gateway keeps trying to deliver (gateway.yaml {@code delivery:}): the first retry
 * after {@code firstDelay}, each next one after twice the previous wait but at most {@code
 * maxDelay}, until {@code deadline} after the first attempt; then the exchange fails with a
 * NonDelivery evidence (reason DELIVERY_DEADLINE_PASSED). The first attempt's time is kept on disk
 * with the exchange, so the deadline survives a restart.
 */
public record RetrySettings(Duration firstDelay, Duration maxDelay, Duration deadline) {
  public static final RetrySettings DEFAULT = new RetrySettings(Duration.ofSeconds(1), Duration.ofMinutes(5),
      Duration.ofHours(24));

  public RetrySettings {
    if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0
        || deadline.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay and firstDelay <= deadline");
    }
  }
}
