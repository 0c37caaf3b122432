package eu.mlagw.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A growing pause per key between attempts of a step that failed (first {@code first}, doubling up
 * to {@code max}), and one log line per failure run rather than one per poll: the first failure is
 * a WARN, repeats of the same failure are DEBUG. Thread-safe.
 */
final class RetryPause {
  private static final Logger LOG = LoggerFactory.getLogger(RetryPause.class);
  private final Duration first;
  private final Duration max;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  private record State(Instant next, Duration pause, String lastFailure) {}

  RetryPause(Duration first, Duration max) {
    this.first = first;
    this.max = max;
  }

  /** Whether {@code key} failed lately and its pause has not run out at {@code now}. */
  boolean waiting(String key, Instant now) {
    State s = states.get(key);
    return s != null && now.isBefore(s.next());
  }

  void succeeded(String key) {
    states.remove(key);
  }

  void failed(String key, Instant now, Exception failure) {
    String text = Failures.describe(failure);
    State before = states.get(key);
    Duration pause = before == null ? first : before.pause().multipliedBy(2);
    if (pause.compareTo(max) > 0) {
      pause = max;
    }
    states.put(key, new State(now.plus(pause), pause, text));
    if (before == null || !text.equals(before.lastFailure())) {
      LOG.warn("exchange {}: retrieval not reported yet, trying again in {} s: {}", key, pause.toSeconds(), text);
    } else {
      LOG.debug("exchange {}: retrieval still not reported, next try in {} s: {}", key, pause.toSeconds(), text);
    }
  }
}
