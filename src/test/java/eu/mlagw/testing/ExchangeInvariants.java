package eu.mlagw.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks what the drop-folder contract of issue 10 promises about the folders of two gateways once
 * traffic has stopped, reading only files and the audit CLI's output: every submission in exactly
 * one of sent/ or failed/, nothing left in the outbox or .work, every sent exchange in the
 * recipient's inbox exactly once, one evidence per statement, no {@code .part} file, final states,
 * and every exchange's audit events for the states it passed. Collects every finding by kind
 * instead of stopping at the first, so one run shows all that is wrong.
 */
public final class ExchangeInvariants {
  /** Who sent a submission to whom. */
  public record Direction(String sender, String recipient) {}

  /** What was found: counts and the findings, grouped by kind. */
  public record Report(int exchanges, int lost, int duplicated, int unfinished, Map<String, List<String>> findings) {
    public boolean ok() {
      return findings.isEmpty();
    }

    /** Counts per kind with up to {@code examples} findings of each. */
    public String describe(int examples) {
      StringBuilder sb = new StringBuilder();
      findings.forEach((kind, list) -> {
        sb.append(kind).append(": ").append(list.size()).append('\n');
        list.stream().limit(examples).forEach(f -> sb.append("    ").append(f).append('\n'));
      });
      return sb.toString();
    }
  }

  private final TwoGatewayHomes homes;
  private final Map<String, Direction> dropped;
  private final Set<String> takenByTest;
  private final Map<String, AuditEvents> auditByGateway;
  private final Map<String, List<String>> findings = new TreeMap<>();
  private final Set<String> exchanges = new LinkedHashSet<>();
  private int lost;
  private int duplicated;
  private int unfinished;
  private final Set<String> inProgress = new java.util.HashSet<>(); // names still in an outbox or .work

  private ExchangeInvariants(TwoGatewayHomes homes, Map<String, Direction> dropped, Set<String> takenByTest,
      Map<String, AuditEvents> auditByGateway) {
    this.homes = homes;
    this.dropped = dropped;
    this.takenByTest = takenByTest;
    this.auditByGateway = auditByGateway;
  }

  /**
   * Checks both gateways' folders. {@code takenByTest}: inbox exchange ids the test marked as taken
   * ({@code ID.taken}); {@code auditByGateway}: each gateway's events, or empty to skip the audit checks.
   */
  public static Report check(TwoGatewayHomes homes, Map<String, Direction> dropped, Set<String> takenByTest,
      Map<String, AuditEvents> auditByGateway) throws IOException {
    ExchangeInvariants c = new ExchangeInvariants(homes, dropped, takenByTest, auditByGateway);
    c.run();
    return new Report(c.exchanges.size(), c.lost, c.duplicated, c.unfinished, c.findings);
  }

  private void find(String kind, String what) {
    findings.computeIfAbsent(kind, k -> new ArrayList<>()).add(what);
  }

  private void run() throws IOException {
    Map<String, List<String>> placements = new HashMap<>(); // submission name -> where it ended
    Map<String, String> sentNames = new LinkedHashMap<>(); // exchange id -> submission name
    Map<String, Direction> sentDirections = new HashMap<>();
    for (String p : List.of(TwoGatewayHomes.AL, TwoGatewayHomes.RS)) {
      DropTree tree = homes.tree(p);
      for (Path recipientOutbox : DropTree.allEntries(tree.root().resolve("outbox"))) {
        for (Path left : DropTree.allEntries(recipientOutbox)) {
          find("left in outbox", tree.root().relativize(left).toString());
          inProgress.add(left.getFileName().toString().replaceFirst("\\.ready$", ""));
        }
      }
      for (Path left : DropTree.allEntries(tree.work())) {
        find("left in .work", tree.root().relativize(left).toString());
        if (Files.isDirectory(left)) {
          try (java.util.stream.Stream<Path> inside = Files.walk(left, 2)) {
            inside.map(x -> x.getFileName().toString()).filter(dropped::containsKey).forEach(inProgress::add);
          }
        }
      }
      for (Path sent : DropTree.folders(tree.sent())) {
        String id = sent.getFileName().toString();
        exchanges.add(id);
        Optional<StatusJson> status = StatusJson.of(sent);
        String name = status.map(StatusJson::submission).orElse("");
        if (!dropped.containsKey(name)) {
          find("sent/ID whose status.json does not name its submission", p + "/sent/" + id + ": "
              + status.map(StatusJson::toString).orElse("no status.json"));
          name = originalName(sent);
        }
        if (dropped.containsKey(name)) {
          sentNames.put(id, name);
          sentDirections.put(id, dropped.get(name));
          if (!Files.isDirectory(sent.resolve("original").resolve(name))) {
            find("sent/ID without original/NAME", p + "/sent/" + id);
          }
        }
        placements.computeIfAbsent(name, k -> new ArrayList<>()).add(p + "/sent/" + id);
        String state = status.map(StatusJson::state).orElse("");
        String expected = takenByTest.contains(id) ? "RETRIEVED" : "DELIVERED";
        if (!state.equals(expected)) {
          find("sent/ID not in its final state", p + "/sent/" + id + " is " + state + ", expected " + expected);
        }
        Map<String, Integer> evidences = evidences(sent, p + "/sent/" + id);
        for (String type : AuditedStates.senderEvidences(state)) {
          if (!evidences.containsKey(type)) {
            find("sent/ID without the evidence of its state", p + "/sent/" + id + " (" + state + ") has no " + type
                + ": " + evidences.keySet());
          }
        }
        if (evidences.containsKey("NonDelivery")) {
          find("half-sent: NonDelivery in sent/", p + "/sent/" + id + ": " + evidences.keySet());
        }
        requireEvents(TwoGatewayHomes.gatewayOf(p), id, AuditedStates.sender(state), p + "/sent/" + id + " (" + state + ")");
      }
      for (Path failed : DropTree.folders(tree.failed())) {
        String name = failed.getFileName().toString();
        placements.computeIfAbsent(name, k -> new ArrayList<>()).add(p + "/failed/" + name);
        String error = Files.exists(failed.resolve("error.txt"))
            ? Files.readString(failed.resolve("error.txt")).replace('\n', ' ') : "no error.txt";
        find("failed (a final failure of a valid submission)", p + "/failed/" + name + ": "
            + error.substring(0, Math.min(300, error.length())));
        Map<String, Integer> evidences = evidences(failed, p + "/failed/" + name);
        String id = StatusJson.of(failed).map(StatusJson::exchangeId).orElse("");
        if (!id.isEmpty()) {
          exchanges.add(id);
          requireEvents(TwoGatewayHomes.gatewayOf(p), id, AuditedStates.failed(), p + "/failed/" + name);
          if (AuditedStates.FAILURE_EVIDENCES.stream().noneMatch(evidences::containsKey)) {
            find("failed/NAME without SubmissionRejection or NonDelivery", p + "/failed/" + name + ": " + evidences.keySet());
          }
        }
      }
    }
    for (Map.Entry<String, Direction> d : dropped.entrySet()) {
      List<String> where = placements.getOrDefault(d.getKey(), List.of());
      if (where.isEmpty() && inProgress.contains(d.getKey())) {
        unfinished++;
        find("unfinished: still in an outbox or .work", d.getKey() + " " + d.getValue());
      } else if (where.isEmpty()) {
        lost++;
        find("lost: in none of outbox, .work, sent/, failed/", d.getKey() + " " + d.getValue());
      } else if (where.size() > 1) {
        duplicated++;
        find("in more than one of sent/ and failed/", d.getKey() + ": " + where);
      }
    }
    checkInboxes(sentNames, sentDirections);
    checkPartFiles();
  }

  private void checkInboxes(Map<String, String> sentNames, Map<String, Direction> sentDirections) throws IOException {
    Map<String, List<String>> inboxByName = new HashMap<>();
    for (String r : List.of(TwoGatewayHomes.AL, TwoGatewayHomes.RS)) {
      Path inbox = homes.tree(r).inbox();
      for (Path marker : DropTree.filesEndingWith(inbox, ".taken")) {
        find("ID.taken marker left", r + "/inbox/" + marker.getFileName());
      }
      for (Path folder : DropTree.folders(inbox)) {
        String id = folder.getFileName().toString();
        exchanges.add(id);
        String name = nameInInbox(folder);
        inboxByName.computeIfAbsent(name, k -> new ArrayList<>()).add(r + "/inbox/" + id);
        if (!sentNames.containsKey(id)) {
          find("in an inbox but not in the sender's sent/", r + "/inbox/" + id + " (" + name + ")");
        }
        Map<String, Integer> evidences = evidences(folder, r + "/inbox/" + id);
        if (!evidences.containsKey("Delivery")) {
          find("inbox/ID without its Delivery evidence", r + "/inbox/" + id + ": " + evidences.keySet());
        }
        String state = StatusJson.of(folder).map(StatusJson::state).orElse("");
        boolean taken = takenByTest.contains(id);
        String expected = taken ? "TAKEN" : "RECEIVED";
        if (!state.equals(expected)) {
          find("inbox/ID not in its final state", r + "/inbox/" + id + " is '" + state + "', expected " + expected);
        }
        requireEvents(TwoGatewayHomes.gatewayOf(r), id, AuditedStates.receiver(taken || "TAKEN".equals(state)),
            r + "/inbox/" + id);
      }
    }
    for (Map.Entry<String, String> sent : sentNames.entrySet()) {
      Direction d = sentDirections.get(sent.getKey());
      List<String> where = inboxByName.getOrDefault(sent.getValue(), List.of());
      if (where.isEmpty()) {
        lost++;
        find("lost: sent but in no inbox", sent.getValue() + " = " + d.sender() + "/sent/" + sent.getKey());
      } else if (where.size() > 1) {
        duplicated++;
        find("delivered more than once", sent.getValue() + ": " + where);
      } else if (!where.get(0).equals(d.recipient() + "/inbox/" + sent.getKey())) {
        find("delivered under another id or to another recipient", sent.getValue() + ": " + where);
      }
    }
  }

  /** The submission kept in {@code sent/ID/original/NAME}; "?" if there is not exactly one. */
  private static String originalName(Path sent) throws IOException {
    List<Path> originals = DropTree.allEntries(sent.resolve("original"));
    return originals.size() == 1 ? originals.get(0).getFileName().toString() : "?";
  }

  /** The submission whose document lies in {@code inbox/ID/documents/}; "?" if none is recognisable. */
  private static String nameInInbox(Path folder) throws IOException {
    for (Path doc : DropTree.allEntries(folder.resolve("documents"))) {
      String f = doc.getFileName().toString();
      if (f.startsWith("statement-") && f.endsWith(".txt")) {
        return f.substring("statement-".length(), f.length() - ".txt".length());
      }
    }
    return "?";
  }

  /** Evidence types in {@code dir/evidences/} (NN-Type.p7s) with their counts; a type twice is a finding. */
  private Map<String, Integer> evidences(Path dir, String where) throws IOException {
    Map<String, Integer> types = new TreeMap<>();
    for (Path f : DropTree.allEntries(dir.resolve("evidences"))) {
      String name = f.getFileName().toString();
      if (name.endsWith(".p7s")) {
        types.merge(name.replaceFirst("^\\d+-", "").replaceFirst("\\.p7s$", ""), 1, Integer::sum);
      }
    }
    types.forEach((type, n) -> {
      if (n > 1) {
        find("two evidences of one statement", where + ": " + n + " x " + type);
      }
    });
    return types;
  }

  private void requireEvents(String gateway, String exchangeId, List<AuditedStates.Required> required, String where) {
    AuditEvents audit = auditByGateway.get(gateway);
    if (audit == null) {
      return;
    }
    List<AuditEvents.Event> events = audit.of(exchangeId);
    List<AuditedStates.Required> missing = required.stream()
        .filter(r -> events.stream().noneMatch(e -> e.is(r.type(), r.evidence()))).toList();
    if (!missing.isEmpty()) {
      String folder = where.replaceAll("^[A-Z-]+/([a-z]+)/.*?( \\(([A-Z]+)\\))?$", "$1/ID $3").strip();
      find("audit: " + folder + " without " + missing, where + " at " + gateway + "; has "
          + events.stream().map(e -> e.type() + (e.details().isEmpty() ? "" : e.details().values().toString())).toList());
    }
  }

  private void checkPartFiles() throws IOException {
    Set<Path> parts = new LinkedHashSet<>();
    for (String gw : List.of(TwoGatewayHomes.GW_AL, TwoGatewayHomes.GW_RS)) {
      parts.addAll(DropTree.filesEndingWith(homes.dropRoot(gw), ".part"));
      parts.addAll(DropTree.filesEndingWith(homes.gatewayHome(gw), ".part"));
    }
    for (Path p : parts) {
      find(".part file left", homes.home().relativize(p) + " (" + Files.size(p) + " bytes)");
    }
  }
}
