package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a prosecutor's submission folder into a {@link CanonicalRequest}: {@code request.yaml},
 * else {@code request.json}, else the first PDF in the folder that is a gateway request form. The
 * request's language is its {@code language:} field, else the sender's first language. Documents
 * in the folder that the request does not list are added with role annex. Every problem is
 * collected and thrown once as {@link RequestInvalidException}, written in the request's language.
 * Thread-safe.
 */
public final class RequestReader {
  public static final String YAML = "request.yaml";
  public static final String JSON = "request.json";
  private final Mappings mappings;
  private final FormFields forms;
  private final NameTransliterator names = new NameTransliterator();

  /** {@code forms} reads PDF forms (pdf/RequestFormReader); pass {@code (pdf, size) -> Optional.empty()} to accept none. */
  public RequestReader(Mappings mappings, FormFields forms) {
    this.mappings = mappings;
    this.forms = forms;
  }

  /** A read request and the file it came from (request.yaml, request.json or the form PDF). */
  public record Result(CanonicalRequest request, Path source) {}

  /**
   * Reads the submission in {@code folder}, a folder the operator chose (links are not followed:
   * they are left out). The drop-folder intake uses {@link #read(SubmissionFiles, Path, ParticipantConfig, String)}.
   */
  public Result read(Path folder, ParticipantConfig sender, String recipient) throws GatewayException {
    try {
      return read(SubmissionFiles.of(folder), folder, sender, recipient);
    } catch (IOException e) {
      throw new GatewayException(eu.mlagw.error.ReasonCode.IO_ERROR, "cannot list " + folder + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads the submission made of {@code files} (found in {@code folder}, used only to name the
   * source) from {@code sender} to {@code recipient} (participant id). A request file is size-checked
   * before it is read ({@link RequestFiles#MAX_SIZE}) and parsed with depth, length and duplicate-key
   * limits; no problem message quotes the file's content.
   *
   * @throws RequestInvalidException listing every missing or wrong field, in the prosecutor's language
   * @throws GatewayException TOO_LARGE if a request file is over its limit; IO_ERROR if a file cannot be read
   */
  public Result read(SubmissionFiles files, Path folder, ParticipantConfig sender, String recipient)
      throws GatewayException {
    String fallback = mappings.languageOrDefault(sender.languages().get(0));
    String source = null;
    JsonNode tree = null;
    List<String> names = files.names();
    for (String name : List.of(YAML, JSON)) {
      if (names.contains(name)) {
        source = name;
        tree = RequestFiles.parse(files, name, problems -> invalid(problems, fallback));
        if (tree == null || !tree.isObject()) {
          throw invalid(List.of(FieldProblem.of("subject", "required")), fallback);
        }
        break;
      }
    }
    if (source == null) {
      for (String pdf : names) {
        if (pdf.indexOf('/') >= 0 || !pdf.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
          continue;
        }
        Optional<Map<String, String>> fields;
        try (java.io.InputStream in = files.open(pdf)) {
          fields = forms.read(in, files.size(pdf));
        } catch (IOException e) {
          throw eu.mlagw.error.GatewayIOException.unwrap(e, eu.mlagw.error.ReasonCode.IO_ERROR, "cannot read " + pdf);
        }
        if (fields.isPresent()) {
          source = pdf;
          tree = fromFormFields(fields.get());
          break;
        }
      }
    }
    if (source == null) {
      throw invalid(List.of(FieldProblem.of(YAML, "no-request")), fallback);
    }
    java.util.Set<String> present = new java.util.HashSet<>(names);
    CanonicalRequest bound = bind(tree, present, sender.id(), recipient, fallback);
    List<CanonicalRequest.DocumentRef> docs = new ArrayList<>(bound.documents());
    for (String file : names) {
      if (file.equals(source) || file.substring(file.lastIndexOf('/') + 1).startsWith(".")) {
        continue;
      }
      if (docs.stream().noneMatch(d -> file.equals(d.file()))) {
        docs.add(new CanonicalRequest.DocumentRef(file, "annex", null, null));
      }
    }
    return new Result(bound.withDocuments(docs), folder == null ? Path.of(source) : folder.resolve(source));
  }

  /**
   * Binds an already parsed tree (e.g. from {@code mlagw form read}); {@code folder} nullable (then
   * document files are not checked).
   */
  public CanonicalRequest bind(JsonNode tree, Path folder, String sender, String recipient, String fallbackLanguage)
      throws RequestInvalidException {
    java.util.Set<String> present = null;
    if (folder != null) {
      try {
        present = new java.util.HashSet<>(SubmissionFiles.of(folder).names());
      } catch (IOException e) {
        present = java.util.Set.of();
      }
    }
    return bind(tree, present, sender, recipient, fallbackLanguage);
  }

  private CanonicalRequest bind(JsonNode tree, java.util.Set<String> files, String sender, String recipient,
      String fallbackLanguage) throws RequestInvalidException {
    String language = fallbackLanguage;
    List<FieldProblem> early = new ArrayList<>();
    JsonNode l = tree.get("language");
    if (l != null && !l.isNull()) {
      if (mappings.languages().contains(l.asText().strip())) {
        language = l.asText().strip();
      } else {
        early.add(FieldProblem.of("language", "language", l.asText(), String.join(", ", mappings.languages())));
      }
    }
    RequestBinder binder = new RequestBinder(mappings, names, files, language);
    CanonicalRequest request = binder.bind(tree, sender, recipient);
    early.addAll(binder.problems());
    if (!early.isEmpty()) {
      throw invalid(early, language);
    }
    return request;
  }

  /** Form fields (subject, persons.1.name, offences.2 …) as the tree request.yaml would give. */
  public static ObjectNode fromFormFields(Map<String, String> fields) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    Map<String, Map<Integer, Object>> groups = new TreeMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
      String v = e.getValue() == null ? "" : e.getValue().strip();
      if (v.isEmpty()) {
        continue;
      }
      String[] parts = e.getKey().split("\\.");
      if (parts.length == 1) {
        root.put(parts[0], v);
      } else if (parts[1].matches("\\d+")) {
        int index = Integer.parseInt(parts[1]);
        Map<Integer, Object> g = groups.computeIfAbsent(parts[0], k -> new TreeMap<>());
        if (parts.length == 2) {
          g.put(index, v);
        } else {
          @SuppressWarnings("unchecked")
          Map<String, String> item = (Map<String, String>) g.computeIfAbsent(index, k -> new TreeMap<String, String>());
          item.put(parts[2], v);
        }
      } else {
        root.put(e.getKey(), v); // unknown shape: reported as an unknown field by the binder
      }
    }
    groups.forEach((name, items) -> {
      ArrayNode a = root.putArray(name);
      items.values().forEach(item -> {
        if (item instanceof String s) {
          a.add(s);
        } else {
          ObjectNode o = a.addObject();
          @SuppressWarnings("unchecked")
          Map<String, String> m = (Map<String, String>) item;
          m.forEach(o::put);
        }
      });
    });
    return root;
  }

  RequestInvalidException invalid(List<FieldProblem> problems, String language) {
    return new RequestInvalidException(problems, language, new ProblemText(mappings.messages()).render(problems,
        language));
  }
}
