package eu.mlagw.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.console.ExchangeDesk;
import eu.mlagw.error.GatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The console's view of this node's exchanges, read from the drop folders as {@code mlagw status}
 * reads them (.work/, sent/, failed/, the inboxes, .relay-rejections/), and its two operator actions,
 * handed to the {@link ExchangeLifecycle} (which owns every transition and serialises them per
 * exchange). Reads only what status files and error.txt say: never a document. Thread-safe.
 */
final class ConsoleDesk implements ExchangeDesk {
  /** Largest status or error file shown (they are a few KiB; a larger one is cut). */
  private static final int MAX_TEXT = 64 * 1024;
  private final ObjectMapper json = new ObjectMapper();
  private final DropFolders folders;
  private final List<String> hosted;
  private final ExchangeLifecycle lifecycle;
  private final Supplier<List<String>> members;

  ConsoleDesk(DropFolders folders, List<String> hosted, ExchangeLifecycle lifecycle, Supplier<List<String>> members) {
    this.folders = folders;
    this.hosted = List.copyOf(hosted);
    this.lifecycle = lifecycle;
    this.members = members;
  }

  @Override
  public List<ExchangeView> exchanges() {
    List<ExchangeView> out = new ArrayList<>();
    for (String p : hosted) {
      for (Path dir : list(folders.work(p))) {
        if (Files.isDirectory(dir)) {
          fromStatus(dir, "sent", null).ifPresent(out::add);
        }
      }
      for (Path dir : list(folders.sent(p))) {
        fromStatus(dir, "sent", null).ifPresent(out::add);
      }
      for (Path dir : list(folders.failed(p))) {
        failed(dir).ifPresent(out::add);
      }
      for (Path dir : list(folders.inbox(p))) {
        if (Files.isDirectory(dir)) {
          received(dir, p).ifPresent(out::add);
        }
      }
    }
    for (Path dir : list(folders.root().resolve(".relay-rejections"))) {
      out.add(new ExchangeView(dir.getFileName().toString(), "received", "", "", "", "REFUSED", modified(dir), List.of(),
          null, null, refusalReason(dir), null, null, false, List.of(), evidences(dir), ""));
    }
    out.sort(Comparator.comparing((ExchangeView v) -> v.updated() == null ? Instant.EPOCH : v.updated()).reversed());
    return out;
  }

  @Override
  public Optional<ExchangeView> exchange(String exchangeId) {
    if (exchangeId == null || !exchangeId.matches("[A-Za-z0-9._-]{1,200}")) {
      return Optional.empty();
    }
    return exchanges().stream().filter(v -> v.exchangeId().equals(exchangeId)).findFirst();
  }

  @Override
  public List<String> clusterMembers() {
    return members.get();
  }

  @Override
  public void retryNow(String exchangeId, String operator, String reason) throws GatewayException {
    lifecycle.retryNow(exchangeId, operator, reason);
  }

  @Override
  public void giveUp(String exchangeId, String operator, String reason) throws GatewayException {
    lifecycle.giveUp(exchangeId, operator, reason);
  }

  private Optional<ExchangeView> fromStatus(Path dir, String side, String stateOverride) {
    Path file = dir.resolve("status.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode s = json.readTree(file.toFile());
      List<Step> steps = new ArrayList<>();
      for (JsonNode n : s.path("steps")) {
        steps.add(new Step(Instant.parse(n.path("at").asText()), n.path("state").asText(), n.path("text").asText()));
      }
      List<String> cases = new ArrayList<>();
      s.path("caseReferences").forEach(c -> cases.add(c.asText()));
      String state = stateOverride != null ? stateOverride : s.path("state").asText();
      JsonNode sending = s.path("sending");
      boolean retrying = !sending.isMissingNode() && !"FAILED".equals(state) && !"DELIVERED".equals(state)
          && !"RELAYED".equals(state) && !"RETRIEVED".equals(state);
      String id = s.path("exchangeId").asText(dir.getFileName().toString());
      return Optional.of(new ExchangeView(id, side, s.path("sender").asText(), s.path("recipient").asText(),
          s.path("submission").asText(), state, steps.isEmpty() ? modified(dir) : steps.get(steps.size() - 1).at(), cases,
          retrying ? sending.path("attempt").asInt() : null, retrying ? sending.path("lastError").asText() : null,
          retrying ? sending.path("reasonCode").asText() : null,
          retrying ? Instant.parse(sending.path("nextAttempt").asText()) : null,
          retrying ? Instant.parse(sending.path("givesUpAt").asText()) : null,
          lifecycle.pending().isWaiting(id), steps, evidences(dir), text(dir.resolve("status.txt"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // being rewritten (renamed into place) or damaged: shown at the next look
    }
  }

  private Optional<ExchangeView> failed(Path dir) {
    Path error = dir.resolve("error.txt");
    if (!Files.isRegularFile(error)) {
      return Optional.empty();
    }
    String text = text(error);
    List<String> lines = text.lines().toList();
    String id = field(lines, "Exchange id:");
    Optional<ExchangeView> status = fromStatus(dir, "sent", "FAILED");
    List<String> cases = field(lines, "Case:").isEmpty() ? List.of() : List.of(field(lines, "Case:").split(",\\s*"));
    ExchangeView base = status.orElse(null);
    return Optional.of(new ExchangeView(id.isEmpty() ? dir.getFileName().toString() : id, "sent",
        base == null ? field(lines, "From:") : base.sender(), base == null ? field(lines, "To:") : base.recipient(),
        dir.getFileName().toString(), "FAILED", base == null ? modified(dir) : base.updated(),
        base == null ? cases : base.caseReferences(), null, null, field(lines, "Reason code:"), null, null, false,
        base == null ? List.of() : base.steps(), evidences(dir), text));
  }

  private Optional<ExchangeView> received(Path dir, String participant) {
    Optional<ExchangeView> status = fromStatus(dir, "received", null);
    if (status.isPresent()) {
      return status;
    }
    String state;
    List<String> cases;
    try {
      state = StatusFiles.state(dir);
      cases = StatusFiles.caseReferences(dir);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new ExchangeView(dir.getFileName().toString(), "received", "", participant, "",
        state == null ? "RECEIVED" : state, modified(dir), cases, null, null, null, null, null, false, List.of(),
        evidences(dir), ""));
  }

  private static String refusalReason(Path dir) {
    for (Path p : list(dir.resolve("evidences"))) {
      if (p.getFileName().toString().endsWith("-RelayRejection.p7s")) {
        return "RelayRejection issued";
      }
    }
    return null;
  }

  private static List<Path> evidences(Path dir) {
    List<Path> out = new ArrayList<>(list(dir.resolve("evidences")));
    out.addAll(list(dir.resolve(ExchangeLifecycle.RETURNED).resolve("evidences")));
    return out.stream().filter(p -> p.getFileName().toString().endsWith(".p7s")).toList();
  }

  private static String field(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()).strip())
        .orElse("");
  }

  private static String text(Path file) {
    try (var in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static Instant modified(Path dir) {
    try {
      return Files.getLastModifiedTime(dir).toInstant();
    } catch (IOException e) {
      return null;
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
