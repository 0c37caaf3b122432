package eu.mlagw.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests a listener has in progress, per client and in total, and admits a new one only
 * while both stay within their limits. A refused request is not queued: the caller answers it at
 * once. Thread-safe; a client's counter is dropped when it reaches zero, so the map holds only
 * clients with requests in progress (at most {@code total} entries).
 */
final class ConcurrencyLimits {
  /** Which limit refused a request. */
  enum Exceeded { CLIENT, LISTENER }

  /** An admitted request's place; {@link #release()} frees it (again: no effect). */
  final class Slot {
    private final String client;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(String client) {
      this.client = client;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        inProgress.decrementAndGet();
        byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  private final int perClient;
  private final int total;
  private final AtomicInteger inProgress = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> byClient = new ConcurrentHashMap<>();

  ConcurrencyLimits(int perClient, int total) {
    this.perClient = perClient;
    this.total = total;
  }

  /**
   * Admits one request of {@code client} if it has fewer than the per-client limit in progress and
   * the listener fewer than its total.
   *
   * @return the slot to release when the request ends, or the limit that refused it
   */
  Object tryAcquire(String client) {
    boolean[] admitted = {false};
    byClient.compute(client, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= perClient) {
        return n;
      }
      admitted[0] = true;
      return now + 1;
    });
    if (!admitted[0]) {
      return Exceeded.CLIENT;
    }
    if (inProgress.incrementAndGet() > total) {
      inProgress.decrementAndGet();
      byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
      return Exceeded.LISTENER;
    }
    return new Slot(client);
  }

  int perClient() {
    return perClient;
  }

  int total() {
    return total;
  }
}
