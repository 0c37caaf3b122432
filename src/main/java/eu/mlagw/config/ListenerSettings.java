package eu.mlagw.config;

import java.time.Duration;

/**
 * How the gateway's network listeners (the peer endpoint and the audit API) protect themselves from
 * slow and greedy clients (gateway.yaml {@code listeners:}; every key optional, defaults below).
 * Immutable; validated on construction.
 *
 * @param readTimeout the longest a client may take to send a request's headers, and the longest the
 *     listener waits for the next bytes of a request body (default 30s); also the window over which
 *     {@code minDataRate} is measured
 * @param idleTimeout how long a connection may stay open without a request in progress before it
 *     is closed (default 60s)
 * @param minDataRate the slowest a request body may arrive, in bytes per second averaged over each
 *     {@code readTimeout} window (default 1k = 1024 bytes/s); a slower connection is cut
 * @param maxConcurrentPerClient requests one client (one TLS client certificate) may have in progress
 *     at once (default 12: a sending gateway runs up to 10 transfers side by side, plus evidences);
 *     more are answered at once with reason code BUSY
 * @param maxConcurrent requests a listener serves at once over all clients (default 16; also the
 *     size of its worker pool, which is what Undertow gave a 2-core machine before the limits
 *     existed: each request in progress may render a cover sheet and hold a package's buffers, so
 *     more workers would need a larger heap than the launcher's default); more are answered at once
 *     with reason code BUSY
 */
public record ListenerSettings(Duration readTimeout, Duration idleTimeout, long minDataRate,
    int maxConcurrentPerClient, int maxConcurrent) {
  /** The defaults named above. */
  public static final ListenerSettings DEFAULTS = new ListenerSettings(Duration.ofSeconds(30), Duration.ofSeconds(60),
      1024, 12, 16);

  public ListenerSettings {
    if (readTimeout.toMillis() < 1 || idleTimeout.toMillis() < 1 || readTimeout.toMillis() > Integer.MAX_VALUE
        || idleTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("listeners.readTimeout and listeners.idleTimeout must be 1ms..24d");
    }
    if (minDataRate < 0) {
      throw new IllegalArgumentException("listeners.minDataRate must not be negative, got " + minDataRate);
    }
    if (maxConcurrentPerClient < 1 || maxConcurrent < maxConcurrentPerClient || maxConcurrent > 10_000) {
      throw new IllegalArgumentException("need 1 <= listeners.maxConcurrentPerClient <= listeners.maxConcurrent <= "
          + "10000, got " + maxConcurrentPerClient + " and " + maxConcurrent);
    }
  }
}
