package eu.mlagw.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Liveness and readiness of the node. Live: the process answers and has not been stopped. Ready:
 * every check that {@linkplain #require requires} is UP — the node can take submissions and
 * packages and record them (audit store, cluster, routes, keys, not stopping). Checks that are
 * only {@linkplain #inform reported} (peers reachable) never make the node unready: a peer that
 * is down is retried until the delivery deadline by design, and taking this node out of service
 * would not bring the peer back. Thread-safe once built.
 */
public final class NodeHealth {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, HealthCheck> required = new LinkedHashMap<>();
  private final Map<String, HealthCheck> informative = new LinkedHashMap<>();
  private volatile boolean stopped;

  /** Adds a check the node is not ready without. */
  public synchronized NodeHealth require(String name, HealthCheck check) {
    required.put(name, check);
    return this;
  }

  /** Adds a check that is reported but does not decide readiness. */
  public synchronized NodeHealth inform(String name, HealthCheck check) {
    informative.put(name, check);
    return this;
  }

  /** The node stopped: not live any more. */
  public void stopped() {
    stopped = true;
  }

  public boolean live() {
    return !stopped;
  }

  /** The readiness report: whether ready, and the JSON body ({@code status}, {@code checks}). */
  public synchronized Report readiness() {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode checks = JSON.createObjectNode();
    boolean ready = !stopped;
    for (Map.Entry<String, HealthCheck> e : required.entrySet()) {
      HealthCheck.Result r = run(e.getValue());
      ready &= r.up();
      put(checks, e.getKey(), r, true);
    }
    for (Map.Entry<String, HealthCheck> e : informative.entrySet()) {
      put(checks, e.getKey(), run(e.getValue()), false);
    }
    body.put("status", ready ? "UP" : "DOWN");
    body.set("checks", checks);
    return new Report(ready, body.toPrettyString());
  }

  /** The liveness report. */
  public Report liveness() {
    boolean live = live();
    return new Report(live, "{\"status\": \"" + (live ? "UP" : "DOWN") + "\"}");
  }

  private static HealthCheck.Result run(HealthCheck check) {
    try {
      return check.check();
    } catch (RuntimeException e) {
      return HealthCheck.Result.down(e.toString());
    }
  }

  private static void put(ObjectNode checks, String name, HealthCheck.Result r, boolean decides) {
    ObjectNode n = checks.putObject(name);
    n.put("status", r.up() ? "UP" : "DOWN");
    n.put("detail", r.detail());
    n.put("decidesReadiness", decides);
  }

  /** A health answer: 200 when {@code ok}, else 503, with a JSON body. */
  public record Report(boolean ok, String json) {}
}
