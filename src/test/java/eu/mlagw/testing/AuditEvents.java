package eu.mlagw.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A gateway's audit events as {@code mlagw audit query --jsonl} prints them (one canonical JSON
 * object a line: {@code seq}, {@code type}, {@code exchange}, {@code details} …), grouped by
 * exchange. Run it while the gateway's node is stopped (the H2 store belongs to the running node).
 */
public final class AuditEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BOUND = Duration.ofSeconds(60);

  /** One event: its type and the values of its details (an evidence's type is one of them). */
  public record Event(long sequence, String type, String exchange, Map<String, String> details) {
    /** True if this is a {@code type} event naming {@code evidence} (null: any) among its details. */
    public boolean is(String type, String evidence) {
      return this.type.equals(type) && (evidence == null || details.containsValue(evidence));
    }

    @Override
    public String toString() {
      return "#" + sequence + " " + type + (details.isEmpty() ? "" : " " + details);
    }
  }

  private final Map<String, List<Event>> byExchange;
  private final int total;

  private AuditEvents(Map<String, List<Event>> byExchange, int total) {
    this.byExchange = byExchange;
    this.total = total;
  }

  /** Every event of the gateway configured in {@code config}, read through the CLI. */
  public static AuditEvents query(Path config) throws IOException, InterruptedException {
    MlagwCli.Result r = MlagwCli.run(BOUND, "audit", "query", "--config", config.toString(), "--jsonl",
        "--auditor", "crash-test", "--purpose", "issue 10 crash test");
    if (r.exitCode() != 0) {
      throw new AssertionError("mlagw audit query --config " + config + " exited " + r.exitCode() + ":\n" + r.output());
    }
    Map<String, List<Event>> byExchange = new HashMap<>();
    int total = 0;
    for (String line : r.output().split("\n")) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      Map<String, String> details = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("details").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        details.put(e.getKey(), e.getValue().asText());
      }
      Event e = new Event(n.path("seq").asLong(), n.path("type").asText(), n.path("exchange").asText(""), details);
      total++;
      if (!e.exchange().isEmpty()) {
        byExchange.computeIfAbsent(e.exchange(), k -> new ArrayList<>()).add(e);
      }
    }
    return new AuditEvents(byExchange, total);
  }

  /** {@code mlagw audit verify} of the gateway configured in {@code config}. */
  public static MlagwCli.Result verify(Path config) throws IOException, InterruptedException {
    return MlagwCli.run(BOUND, "audit", "verify", "--config", config.toString(), "--auditor", "crash-test",
        "--purpose", "issue 10 crash test");
  }

  /** The events of {@code exchangeId}, oldest first; empty if none. */
  public List<Event> of(String exchangeId) {
    return byExchange.getOrDefault(exchangeId, List.of());
  }

  /** Exchange ids that have at least one event. */
  public java.util.Set<String> exchanges() {
    return byExchange.keySet();
  }

  public int total() {
    return total;
  }
}
