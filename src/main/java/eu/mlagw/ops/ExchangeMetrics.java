package eu.mlagw.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchange metrics, all fed by the lifecycle's {@link TransitionListener} hook (one place, not
 * scattered over the beans):
 * <ul>
 *   <li>{@code mlagw_exchange_transitions_total{side,state,reason}} — state changes completed;
 *   <li>{@code mlagw_exchange_retries_total{reason}} — attempts that failed and were rescheduled;
 *   <li>{@code mlagw_exchange_drop_to_inbox_seconds{via}} — from the claim in the outbox (the time
 *       in the exchange id) to the release into the recipient's inbox; {@code via="local"} when both
 *       are hosted here (one clock), {@code "peer"} when the sender's gateway claimed it;
 *   <li>{@code mlagw_exchange_sealed_to_delivered_seconds{to}} — on the sender's gateway, from
 *       SEALED to DELIVERED/RELAYED ({@code to}: the peer gateway, or "local");
 *   <li>{@code mlagw_peer_sent_bytes_total{peer}} — sizes of the packages peers accepted.
 * </ul>
 * What survives only in memory (when an exchange was sealed, when a retrying one gives up) is
 * rebuilt by the next state change after a restart. Thread-safe.
 */
public final class ExchangeMetrics implements TransitionListener {
  /** Histogram buckets: a delivery on this host takes a second or two; across gateways, minutes while retrying. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6),
      Duration.ofDays(1)};
  private static final Set<String> ENDED = Set.of("DELIVERED", "RELAYED", "RETRIEVED", "FAILED");
  /** Bound on the remembered exchanges, so a flood of stuck exchanges cannot grow the heap without end. */
  private static final int REMEMBERED = 100_000;

  private final MeterRegistry registry;
  private final String gatewayId;
  private final Map<String, Instant> sealedAt = new ConcurrentHashMap<>();
  private final Map<String, Retrying> retrying = new ConcurrentHashMap<>();

  /** An exchange being retried: when it gives up, and why the last attempt failed. */
  public record Retrying(String exchangeId, Instant givesUpAt, String reason) {}

  public ExchangeMetrics(MeterRegistry registry, String gatewayId) {
    this.registry = registry;
    this.gatewayId = gatewayId;
  }

  @Override
  public void transitioned(TransitionFacts f) {
    String state = label(f);
    if (state == null) {
      return; // an evidence filed: no state of its own
    }
    Counter.builder("mlagw.exchange.transitions").description("Exchange state changes completed, by side, new state "
        + "and reason code").tag("side", f.side().name().toLowerCase(java.util.Locale.ROOT)).tag("state", state)
        .tag("reason", f.reason() == null ? "none" : f.reason()).register(registry).increment();
    if (f.side() == TransitionFacts.Side.SENDER) {
      sender(f, state);
    } else if ("RECEIVED".equals(state)) {
      Instant claimed = f.claimedAt();
      if (claimed != null) {
        String from = f.details().getOrDefault("fromGateway", "");
        timer("mlagw.exchange.drop.to.inbox", "From the claim in the sender's outbox to the release into the "
            + "recipient's inbox", "via", from.equals(gatewayId) ? "local" : "peer")
            .record(nonNegative(Duration.between(claimed, f.at())));
      }
    }
  }

  private void sender(TransitionFacts f, String state) {
    if (f.events().contains("SEND_RETRY_SCHEDULED")) {
      Counter.builder("mlagw.exchange.retries").description("Attempts that failed and were scheduled again, by reason")
          .tag("reason", f.reason() == null ? "none" : f.reason()).register(registry).increment();
      if (f.givesUpAt() != null && retrying.size() < REMEMBERED) {
        retrying.put(f.exchangeId(), new Retrying(f.exchangeId(), f.givesUpAt(), f.reason()));
      }
    }
    if ("SEALED".equals(state) && sealedAt.size() < REMEMBERED) {
      sealedAt.put(f.exchangeId(), f.at());
    }
    if (("DELIVERED".equals(state) || "RELAYED".equals(state)) && f.events().contains("PACKAGE_SENT")) {
      String peer = f.details().getOrDefault("toGateway", "unknown");
      if (f.packageBytes() >= 0) {
        Counter.builder("mlagw.peer.sent").baseUnit("bytes").description("Bytes of the packages peer gateways accepted")
            .tag("peer", peer).register(registry).increment(f.packageBytes());
      }
    }
    if ("DELIVERED".equals(state) || "RELAYED".equals(state)) {
      Instant sealed = sealedAt.remove(f.exchangeId());
      if (sealed != null) {
        String to = f.events().contains("PACKAGE_SENT") ? f.details().getOrDefault("toGateway", "unknown") : "local";
        timer("mlagw.exchange.sealed.to.delivered", "On the sender's gateway: from sealed to delivered (or relayed)",
            "to", to).record(nonNegative(Duration.between(sealed, f.at())));
      }
    }
    if (ENDED.contains(state)) {
      sealedAt.remove(f.exchangeId());
      retrying.remove(f.exchangeId());
    }
  }

  /** The state label: the new state, or for a recipient's transition without one, what it did. */
  private static String label(TransitionFacts f) {
    if (f.state() != null) {
      return f.state();
    }
    if (f.events().contains("PACKAGE_DELIVERED")) {
      return "DELIVERED";
    }
    if (f.events().contains("EXCHANGE_FAILED")) {
      return "REFUSED";
    }
    return null;
  }

  private Timer timer(String name, String description, String tag, String value) {
    return Timer.builder(name).description(description).tag(tag, value).serviceLevelObjectives(BUCKETS)
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofDays(7)).register(registry);
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** A package of {@code bytes} arrived from peer gateway {@code peer} ({@code mlagw_peer_received_bytes_total}). */
  public void received(String peer, long bytes) {
    Counter.builder("mlagw.peer.received").baseUnit("bytes").description("Bytes of the packages received from peer "
        + "gateways").tag("peer", peer).register(registry).increment(bytes);
  }

  /** The exchanges being retried, soonest to give up first. */
  public List<Retrying> retrying() {
    List<Retrying> out = new ArrayList<>(retrying.values());
    out.sort(Comparator.comparing(Retrying::givesUpAt));
    return out;
  }
}
