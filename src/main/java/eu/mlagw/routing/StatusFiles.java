package eu.mlagw.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
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
  /**
   * Mode of the files the gateway writes for senders (status files, error.txt, request.xml, the
   * evidences of a returned submission): rw-r----- — the gateway and the office's group (who reach
   * the drop folder) read them; other accounts on the machine do not. They name persons and cases.
   */
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusFiles() {}

  /** One step of an exchange as the sender sees it. */
  public record Step(Instant at, String state, String text) {}

  /**
   * Where a delivery that has not got through yet stands: the attempts made, the last error and its
   * reason code, when the next attempt is due and when the gateway gives up.
   */
  public record Sending(int attempt, String lastError, String reasonCode, Instant nextAttempt, Instant givesUpAt) {}

  public static void write(Path dir, String exchangeId, String sender, String recipient, String name,
      List<Step> steps) throws IOException {
    write(dir, exchangeId, sender, recipient, name, steps, null);
  }

  /** Writes both status files; {@code sending} (may be null) is shown while the state is SENDING. */
  public static void write(Path dir, String exchangeId, String sender, String recipient, String name,
      List<Step> steps, Sending sending) throws IOException {
    write(dir, exchangeId, sender, recipient, name, steps, sending, null);
  }

  /**
   * As above; {@code sendingText} (may be null: English) is how status.txt tells the office, in its
   * language, where a delivery that has not got through yet stands.
   */
  public static void write(Path dir, String exchangeId, String sender, String recipient, String name,
      List<Step> steps, Sending sending, String sendingText) throws IOException {
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
    if (sending != null) {
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("attempt", sending.attempt());
      block.put("lastError", sending.lastError());
      block.put("reasonCode", sending.reasonCode());
      block.put("nextAttempt", sending.nextAttempt().toString());
      block.put("givesUpAt", sending.givesUpAt().toString());
      json.put("sending", block);
      txt.append('\n').append(sendingText != null ? sendingText : "Not delivered yet. Attempt " + sending.attempt()
          + " failed: " + sending.lastError() + " (" + sending.reasonCode() + ")\nNext attempt: "
          + sending.nextAttempt() + "\nThe gateway gives up at: " + sending.givesUpAt()).append('\n');
    }
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

  /** Records the case references of the exchange in {@code dir} for the status files written next. */
  static void keepCaseReferences(Path dir, List<String> references) throws IOException {
    if (!references.isEmpty()) {
      atomicWrite(dir.resolve(CASES_FILE), String.join("\n", references) + "\n");
    }
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

  /** The state status.json records ("SENDING", "DELIVERED", ...), or null when there is none. */
  public static String state(Path dir) throws IOException {
    Path json = dir.resolve("status.json");
    return Files.exists(json) ? JSON.readTree(json.toFile()).path("state").asText(null) : null;
  }

  /** The retry facts status.json records, or null when the exchange is not being retried. */
  public static Sending sending(Path dir) throws IOException {
    Path json = dir.resolve("status.json");
    if (!Files.exists(json)) {
      return null;
    }
    com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(json.toFile()).path("sending");
    if (n.isMissingNode()) {
      return null;
    }
    return new Sending(n.path("attempt").asInt(), n.path("lastError").asText(), n.path("reasonCode").asText(),
        Instant.parse(n.path("nextAttempt").asText()), Instant.parse(n.path("givesUpAt").asText()));
  }

  /** The submission's own name status.json records, or null. */
  public static String submissionName(Path dir) throws IOException {
    Path json = dir.resolve("status.json");
    return Files.exists(json) ? JSON.readTree(json.toFile()).path("submission").asText(null) : null;
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
    atomicWrite(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code target} through a temporary file and a rename. The temporary file is created new
   * ({@code O_EXCL}: a link planted under its name is removed, never written through) with mode
   * {@link #FILE_MODE}; the rename replaces whatever has the target's name, a link included, without
   * following it. So the gateway writes only its own file, also inside a folder a sender made.
   */
  static void atomicWrite(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (var out = Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(FILE_MODE))) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
