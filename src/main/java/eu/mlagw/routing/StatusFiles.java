package eu.mlagw.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sender's view of an exchange: {@code status.txt} in plain words and {@code status.json} for
 * systems, each written to a temporary name and renamed, so a reader never sees half a file.
 */
public final class StatusFiles {
  static final String RECIPIENT_FILE = "recipient.txt";
  static final String CASES_FILE = "case-references.txt";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusFiles() {}

  /** One step of an exchange as the sender sees it. */
  public record Step(Instant at, String state, String text) {}

  public static void write(Path dir, String exchangeId, String sender, String recipient, String name,
      List<Step> steps) throws IOException {
    StringBuilder txt = new StringBuilder();
    txt.append("Exchange ").append(exchangeId).append('\n');
    txt.append("From ").append(sender).append(" to ").append(recipient).append(": ").append(name).append("\n\n");
    for (Step s : steps) {
      txt.append(s.at()).append("  ").append(s.text()).append('\n');
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("exchangeId", exchangeId);
    json.put("sender", sender);
    json.put("recipient", recipient);
    json.put("submission", name);
    List<String> cases = caseReferences(dir);
    if (!cases.isEmpty()) {
      json.put("caseReferences", cases);
      txt.insert(txt.indexOf("\n\n") + 1, "Case: " + String.join(", ", cases) + "\n");
    }
    json.put("state", steps.isEmpty() ? "SUBMITTED" : steps.get(steps.size() - 1).state());
    List<Map<String, String>> list = new java.util.ArrayList<>();
    for (Step s : steps) {
      list.add(Map.of("at", s.at().toString(), "state", s.state(), "text", s.text()));
    }
    json.put("steps", list);
    atomicWrite(dir.resolve("status.txt"), txt.toString());
    atomicWrite(dir.resolve("status.json"), JSON.writeValueAsString(json) + "\n");
  }

  /** Appends a step to the exchange's status files in {@code dir}, keeping the earlier ones. */
  public static void append(Path dir, Submission s, String state, String text, Instant at) throws IOException {
    List<Step> steps = new java.util.ArrayList<>(read(dir));
    steps.add(new Step(at, state, text));
    write(dir, s.exchangeId(), s.sender(), s.recipient(), s.name(), steps);
  }

  /** Records the case references of the exchange; later steps keep them. */
  public static void recordCaseReferences(Path dir, Submission s, List<String> references) throws IOException {
    atomicWrite(dir.resolve(CASES_FILE), String.join("\n", references) + "\n");
    write(dir, s.exchangeId(), s.sender(), s.recipient(), s.name(), read(dir));
  }

  /** The case references recorded for the exchange in {@code dir} (empty if none). */
  public static List<String> caseReferences(Path dir) throws IOException {
    Path file = dir.resolve(CASES_FILE);
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty())
        .toList();
  }

  static List<Step> read(Path dir) throws IOException {
    Path json = dir.resolve("status.json");
    if (!Files.exists(json)) {
      return List.of();
    }
    List<Step> out = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode n : JSON.readTree(json.toFile()).path("steps")) {
      out.add(new Step(Instant.parse(n.path("at").asText()), n.path("state").asText(), n.path("text").asText()));
    }
    return out;
  }

  static void writeRecipient(Path workDir, String recipient) throws IOException {
    atomicWrite(workDir.resolve(RECIPIENT_FILE), recipient + "\n");
  }

  static String readRecipient(Path workDir) throws IOException {
    return Files.readString(workDir.resolve(RECIPIENT_FILE), StandardCharsets.UTF_8).strip();
  }

  static void atomicWrite(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
