package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

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

  /** {@code forms} reads PDF forms (pdf/RequestFormReader); pass {@code f -> Optional.empty()} to accept none. */
  public RequestReader(Mappings mappings, FormFields forms) {
    this.mappings = mappings;
    this.forms = forms;
  }

  /** A read request and the file it came from (request.yaml, request.json or the form PDF). */
  public record Result(CanonicalRequest request, Path source) {}

  /**
   * Reads the submission in {@code folder} from {@code sender} to {@code recipient} (participant id).
   *
   * @throws RequestInvalidException listing every missing or wrong field, in the prosecutor's language
   * @throws GatewayException INPUT_INVALID/IO_ERROR if the folder cannot be read
   */
  public Result read(Path folder, ParticipantConfig sender, String recipient) throws GatewayException {
    String fallback = mappings.languageOrDefault(sender.languages().get(0));
    Path source = null;
    JsonNode tree = null;
    for (String name : List.of(YAML, JSON)) {
      Path f = folder.resolve(name);
      if (Files.isRegularFile(f)) {
        source = f;
        tree = parse(f, name.endsWith(".json"), fallback);
        break;
      }
    }
    if (source == null) {
      for (Path pdf : pdfs(folder)) {
        Optional<Map<String, String>> fields = forms.read(pdf);
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
    Result r = new Result(bind(tree, folder, sender.id(), recipient, fallback), source);
    List<CanonicalRequest.DocumentRef> docs = new ArrayList<>(r.request().documents());
    for (String file : files(folder, source)) {
      if (docs.stream().noneMatch(d -> file.equals(d.file()))) {
        docs.add(new CanonicalRequest.DocumentRef(file, "annex", null, null));
      }
    }
    return new Result(r.request().withDocuments(docs), source);
  }

  /**
   * Binds an already parsed tree (e.g. from {@code mlagw form read}); {@code folder} nullable (then
   * document files are not checked).
   */
  public CanonicalRequest bind(JsonNode tree, Path folder, String sender, String recipient, String fallbackLanguage)
      throws RequestInvalidException {
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
    RequestBinder binder = new RequestBinder(mappings, names, folder, language);
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

  private JsonNode parse(Path file, boolean json, String language) throws RequestInvalidException {
    try {
      JsonNode n = (json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory())).readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw invalid(List.of(FieldProblem.of("subject", "required")), language);
      }
      return n;
    } catch (IOException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw invalid(List.of(FieldProblem.of(file.getFileName().toString(), "unreadable", why)), language);
    }
  }

  RequestInvalidException invalid(List<FieldProblem> problems, String language) {
    return new RequestInvalidException(problems, language, new ProblemText(mappings.messages()).render(problems,
        language));
  }

  private static List<Path> pdfs(Path folder) throws GatewayException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".pdf") && Files.isRegularFile(p))
          .sorted().toList();
    } catch (IOException e) {
      throw new GatewayException(eu.mlagw.error.ReasonCode.IO_ERROR, "cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static List<String> files(Path folder, Path except) throws GatewayException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.equals(except))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted().toList();
    } catch (IOException e) {
      throw new GatewayException(eu.mlagw.error.ReasonCode.IO_ERROR, "cannot list " + folder + ": " + e.getMessage(), e);
    }
  }
}
