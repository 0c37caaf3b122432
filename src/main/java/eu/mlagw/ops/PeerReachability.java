package eu.mlagw.ops;

import eu.mlagw.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each configured peer gateway can be reached: a TCP connection to the host and port of its
 * URL within {@link #TIMEOUT} (the listener is up and the network lets us through; TLS and the
 * pinned certificate are checked by every transfer). {@link #probe()} runs on the alert checker's
 * timer. Gauges: {@code mlagw_peer_reachable{peer}} (1 or 0) and {@code
 * mlagw_peer_unreachable_seconds{peer}} (0 while reachable). Thread-safe.
 */
public final class PeerReachability {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** What the last probe of one peer found. */
  public record PeerState(String peer, URI url, boolean reachable, Instant unreachableSince, String lastError) {}

  private final List<GatewayConfig.PeerConfig> peers;
  private final Clock clock;
  private final Map<String, PeerState> states = new ConcurrentHashMap<>();

  public PeerReachability(List<GatewayConfig.PeerConfig> peers, Clock clock, MeterRegistry registry) {
    this.peers = List.copyOf(peers);
    this.clock = clock;
    for (GatewayConfig.PeerConfig p : peers) {
      states.put(p.id(), new PeerState(p.id(), p.url(), false, null, "not probed yet"));
      Gauge.builder("mlagw.peer.reachable", () -> states.get(p.id()).reachable() ? 1 : 0)
          .description("1 if the peer gateway's listener accepted a TCP connection at the last probe").tag("peer", p.id())
          .register(registry);
      Gauge.builder("mlagw.peer.unreachable", () -> unreachableFor(p.id()).toMillis() / 1000.0).baseUnit("seconds")
          .description("How long the peer gateway has been unreachable (0 while reachable)").tag("peer", p.id())
          .register(registry);
    }
  }

  /** Probes every peer once (sequentially; at most {@link #TIMEOUT} each). */
  public void probe() {
    for (GatewayConfig.PeerConfig p : peers) {
      String error = connect(p.url());
      PeerState before = states.get(p.id());
      // unreachable since the first probe that failed after one that succeeded (or after the start)
      Instant since = error == null ? null : before.unreachableSince() == null ? clock.instant() : before.unreachableSince();
      states.put(p.id(), new PeerState(p.id(), p.url(), error == null, since, error));
    }
  }

  private static String connect(URI url) {
    int port = url.getPort() > 0 ? url.getPort() : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(url.getHost(), port), (int) TIMEOUT.toMillis());
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** How long {@code peer} has been unreachable; zero while reachable. */
  public Duration unreachableFor(String peer) {
    PeerState s = states.get(peer);
    if (s == null || s.reachable() || s.unreachableSince() == null) {
      return Duration.ZERO;
    }
    return Duration.between(s.unreachableSince(), clock.instant());
  }

  /** The last probe's findings, in configuration order. */
  public Map<String, PeerState> states() {
    Map<String, PeerState> out = new LinkedHashMap<>();
    peers.forEach(p -> out.put(p.id(), states.get(p.id())));
    return out;
  }
}
