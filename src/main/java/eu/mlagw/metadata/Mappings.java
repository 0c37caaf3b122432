package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Everything under {@code CONFIG/mappings/}: the languages, the code lists with their labels, the
 * messages per language and the recipient profiles — loaded and validated together. Every problem
 * is a {@link GatewayException} CONFIG_INVALID naming the file, the key and the fix (a missing label
 * or message in any language, an unknown source field, a transform that does not fit its field, a
 * profile that leaves a required field unmapped). Immutable and thread-safe once loaded.
 */
public final class Mappings {
  public static final String FOLDER = "mappings";
  private final List<String> languages;
  private final CodeLists codeLists;
  private final Messages messages;
  private final Map<String, Profile> profiles;

  private Mappings(List<String> languages, CodeLists codeLists, Messages messages, Map<String, Profile> profiles) {
    this.languages = languages;
    this.codeLists = codeLists;
    this.messages = messages;
    this.profiles = profiles;
  }

  /**
   * Where a node takes its mappings from ({@code configDir} holds the {@code mappings/} folder to load):
   * the configuration's own {@code mappings/}, or — when it has none — the one shipped with the
   * distribution in {@code $MLAGW_HOME/config/} ({@code shipped} true); when neither exists, the
   * configuration's (whose {@link #load} then refuses). The node and {@code mlagw config check}
   * both ask here, so they agree.
   */
  public record Source(Path configDir, boolean shipped) {}

  /** See {@link Source}; {@code environment} supplies MLAGW_HOME (default: the working directory). */
  public static Source sourceFor(Path configDir, Map<String, String> environment) {
    if (!Files.isDirectory(configDir.resolve(FOLDER))) {
      Path distribution = Path.of(environment.getOrDefault("MLAGW_HOME", ".")).resolve("config").toAbsolutePath()
          .normalize();
      if (Files.isDirectory(distribution.resolve(FOLDER))) {
        return new Source(distribution, true);
      }
    }
    return new Source(configDir, false);
  }

  /** Loads {@code configDir/mappings/}. */
  public static Mappings load(Path configDir) throws GatewayException {
    Path dir = configDir.resolve(FOLDER).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, dir + " does not exist; copy config/mappings/ of the "
          + "distribution (languages.yaml, codelists/, messages/, profiles/) into the configuration folder");
    }
    Path langFile = dir.resolve("languages.yaml");
    JsonNode langs = read(langFile).path("languages");
    if (!langs.isArray() || langs.isEmpty()) {
      throw error(langFile, "languages", "must be a non-empty list of language tags, e.g. [sq, sr-Latn, en]");
    }
    List<String> languages = new ArrayList<>();
    langs.forEach(n -> languages.add(n.asText()));
    if (!languages.contains("en")) {
      throw error(langFile, "languages", "must include en (the fallback language for texts)");
    }
    CodeLists codeLists = new CodeLists(readCodeLists(dir.resolve("codelists"), languages));
    for (CanonicalFields.Field f : CanonicalFields.input()) {
      if (f.codeList() != null && codeLists.codes(f.codeList()).isEmpty()) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, dir.resolve("codelists").resolve(f.codeList() + ".yaml")
            + " is missing; the field " + f.key() + " takes its codes from list '" + f.codeList() + "'");
      }
    }
    Messages messages = new Messages(readMessages(dir.resolve("messages"), languages), "en");
    Map<String, Profile> profiles = new LinkedHashMap<>();
    for (Path file : yamlFiles(dir.resolve("profiles"))) {
      Profile p = new ProfileLoader(codeLists).load(file, read(file));
      profiles.put(p.name(), p);
    }
    if (profiles.isEmpty()) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, dir.resolve("profiles") + " holds no profile; at least "
          + "canonical-xml.yaml is needed (see config/mappings/profiles/ of the distribution)");
    }
    return new Mappings(List.copyOf(languages), codeLists, messages, Map.copyOf(profiles));
  }

  public List<String> languages() {
    return languages;
  }

  public CodeLists codeLists() {
    return codeLists;
  }

  public Messages messages() {
    return messages;
  }

  public Optional<Profile> profile(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  public Set<String> profileNames() {
    return new TreeSet<>(profiles.keySet());
  }

  /** The language to use for someone who asked for {@code wanted}: itself if configured, else en. */
  public String languageOrDefault(String wanted) {
    return wanted != null && languages.contains(wanted) ? wanted : "en";
  }

  private static Map<String, Map<String, Map<String, String>>> readCodeLists(Path dir, List<String> languages)
      throws GatewayException {
    Map<String, Map<String, Map<String, String>>> lists = new LinkedHashMap<>();
    for (Path file : yamlFiles(dir)) {
      JsonNode root = read(file);
      String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
      if (!expected.equals(root.path("list").asText())) {
        throw error(file, "list", "must be '" + expected + "' (the file name without .yaml)");
      }
      JsonNode codes = root.path("codes");
      if (!codes.isArray() || codes.isEmpty()) {
        throw error(file, "codes", "must be a non-empty list of {code, labels}");
      }
      Map<String, Map<String, String>> list = new LinkedHashMap<>();
      for (int i = 0; i < codes.size(); i++) {
        JsonNode c = codes.get(i);
        String code = c.path("code").asText("");
        if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
          throw error(file, "codes[" + i + "].code", "is '" + code + "'; codes are lower-case words joined by '-', "
              + "e.g. money-laundering");
        }
        if (list.containsKey(code)) {
          throw error(file, "codes[" + i + "].code", "'" + code + "' is listed twice");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String lang : languages) {
          String label = c.path("labels").path(lang).asText("").strip();
          if (label.isEmpty()) {
            throw error(file, "codes[" + i + "].labels." + lang, "is missing: code '" + code + "' has no label in "
                + lang + "; add '" + lang + ": \"...\"' under its labels (every code needs all languages of "
                + "languages.yaml)");
          }
          labels.put(lang, label);
        }
        list.put(code, Map.copyOf(labels));
      }
      lists.put(expected, list);
    }
    return lists;
  }

  private static Map<String, Map<String, String>> readMessages(Path dir, List<String> languages)
      throws GatewayException {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    Set<String> keys = new TreeSet<>();
    CanonicalFields.input().forEach(f -> keys.add("field." + f.key()));
    for (String lang : languages) {
      Path file = dir.resolve(lang + ".yaml");
      if (!Files.isRegularFile(file)) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, file + " is missing; every language of languages.yaml "
            + "needs its messages file (copy en.yaml and translate the texts)");
      }
      JsonNode root = read(file);
      if (!lang.equals(root.path("language").asText())) {
        throw error(file, "language", "must be '" + lang + "' (the file name)");
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("messages").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), e.getValue().asText());
      }
      keys.addAll(m.keySet());
      all.put(lang, m);
    }
    for (String lang : languages) {
      for (String key : keys) {
        if (all.get(lang).getOrDefault(key, "").isBlank()) {
          throw error(dir.resolve(lang + ".yaml"), "messages." + key, "is missing; add the " + lang
              + " text for it (see en.yaml for the English text)");
        }
      }
    }
    return all;
  }

  static List<Path> yamlFiles(Path dir) throws GatewayException {
    if (!Files.isDirectory(dir)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, dir + " does not exist; copy it from config/mappings/ "
          + "of the distribution");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, dir + " cannot be listed: " + e.getMessage(), e);
    }
  }

  static JsonNode read(Path file) throws GatewayException {
    if (!Files.isRegularFile(file)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, file + " is missing");
    }
    try {
      JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, file + " is empty or not a YAML mapping");
      }
      return n;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "not valid YAML: "
          + eu.mlagw.config.YamlErrors.describe(file, e), e);
    }
  }

  static GatewayException error(Path file, String key, String problem) {
    return new GatewayException(ReasonCode.CONFIG_INVALID, file + ": " + key + " " + problem);
  }
}
