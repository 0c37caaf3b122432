package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import eu.mlagw.error.GatewayException;
import eu.mlagw.metadata.CanonicalFields.Kind;
import eu.mlagw.metadata.FieldMapping.Transform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates one profile file; errors name file, key and fix (see {@link Mappings}). */
final class ProfileLoader {
  /** Canonical fields every profile must carry, whatever it declares. */
  static final List<String> ALWAYS_REQUIRED = List.of("sender", "recipient", "exchangeType", "subject");
  private static final Set<String> KEYS = Set.of("profile", "description", "format", "root", "namespace", "requires",
      "fields");
  private static final Set<String> FIELD_KEYS = Set.of("target", "source", "required", "transform", "map");
  private final CodeLists codeLists;

  ProfileLoader(CodeLists codeLists) {
    this.codeLists = codeLists;
  }

  Profile load(Path file, JsonNode root) throws GatewayException {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw Mappings.error(file, k, "is not a profile setting; allowed: " + String.join(", ", new java.util.TreeSet<>(KEYS)));
      }
    }
    String name = root.path("profile").asText("");
    String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
    if (!expected.equals(name)) {
      throw Mappings.error(file, "profile", "must be '" + expected + "' (the file name without .yaml)");
    }
    Profile.Format format;
    try {
      format = Profile.Format.valueOf(root.path("format").asText("").toUpperCase().replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw Mappings.error(file, "format", "is '" + root.path("format").asText() + "'; allowed: canonical-xml, json, xml");
    }
    List<String> requires = new ArrayList<>();
    root.path("requires").forEach(n -> requires.add(n.asText()));
    for (int i = 0; i < requires.size(); i++) {
      if (CanonicalFields.sourceKind(requires.get(i)).isEmpty()) {
        throw Mappings.error(file, "requires[" + i + "]", "is '" + requires.get(i) + "', not a canonical field; "
            + "fields: " + String.join(", ", CanonicalFields.topLevelKeys()) + ", sender, recipient");
      }
    }
    if (format == Profile.Format.CANONICAL_XML) {
      if (root.has("fields")) {
        throw Mappings.error(file, "fields", "must be left out: canonical-xml is metadata.xml itself "
            + "(mlagw-request-1.xsd) and carries every field");
      }
      return new Profile(name, format, null, null, requires, List.of());
    }
    String rootElement = root.path("root").asText(null);
    if (format == Profile.Format.XML && (rootElement == null || !rootElement.matches("[A-Za-z_][A-Za-z0-9_.-]*"))) {
      throw Mappings.error(file, "root", "must name the root element of the XML document, e.g. root: AgencyMessage");
    }
    JsonNode fields = root.path("fields");
    if (!fields.isArray() || fields.isEmpty()) {
      throw Mappings.error(file, "fields", "must be a non-empty list of {target, source, transform, required}");
    }
    List<FieldMapping> mappings = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      mappings.add(mapping(file, "fields[" + i + "]", fields.get(i), format));
    }
    List<String> needed = new ArrayList<>(ALWAYS_REQUIRED);
    requires.stream().filter(r -> !needed.contains(r)).forEach(needed::add);
    for (String req : needed) {
      boolean mapped = mappings.stream().anyMatch(m -> {
        String s = m.source().replace("[]", "");
        String r = req.replace("[]", "");
        return s.equals(r) || s.startsWith(r + ".");
      });
      if (!mapped) {
        String at = requires.contains(req) ? "requires[" + requires.indexOf(req) + "]" : "fields";
        throw Mappings.error(file, at, "'" + req + "' is required by this profile"
            + (requires.contains(req) ? "" : " (every profile carries " + String.join(", ", ALWAYS_REQUIRED) + ")")
            + " but no entry of fields has it as source; add e.g. '- {target: " + req.replace("[]", "")
            + ", source: " + req + ", required: true}'");
      }
    }
    return new Profile(name, format, rootElement, root.path("namespace").asText(null), requires, mappings);
  }

  private FieldMapping mapping(Path file, String at, JsonNode n, Profile.Format format) throws GatewayException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!FIELD_KEYS.contains(k)) {
        throw Mappings.error(file, at + "." + k, "is not known; allowed: " + String.join(", ", new java.util.TreeSet<>(FIELD_KEYS)));
      }
    }
    String target = n.path("target").asText("");
    String source = n.path("source").asText("");
    if (target.isEmpty()) {
      throw Mappings.error(file, at + ".target", "is missing; give the path in the recipient's format, e.g. case.subject");
    }
    for (String seg : target.split("\\.")) {
      String s = seg.replace("[]", "");
      boolean ok = s.matches("@?[A-Za-z_][A-Za-z0-9_-]*") && (format == Profile.Format.XML || !s.startsWith("@"));
      if (!ok) {
        throw Mappings.error(file, at + ".target", "has the segment '" + seg + "'; segments are names (letters, digits,"
            + " _ and -), [] after a repeated one" + (format == Profile.Format.XML ? ", @name for an attribute" : ""));
      }
    }
    Kind kind = CanonicalFields.sourceKind(source).orElseThrow(() -> Mappings.error(file, at + ".source", "is '" + source
        + "', not a canonical field; use one of " + String.join(", ", CanonicalFields.topLevelKeys())
        + ", sender, recipient, exchangeId, a group member like persons[].name.latin or documents[].role, "
        + "or subject.text / subject.lang"));
    if (source.contains("[]") != target.contains("[]")) {
      throw Mappings.error(file, at + ".target", "must mark the repeated item with [] exactly when the source does ('"
          + source + "' → '" + target + "')");
    }
    String tName = n.path("transform").asText("value");
    Transform t = Transform.of(tName);
    if (t == null) {
      throw Mappings.error(file, at + ".transform", "is '" + tName + "'; allowed: " + String.join(", ",
          Arrays.stream(Transform.values()).map(Transform::key).toList()));
    }
    boolean code = kind == Kind.CODE || kind == Kind.CODES;
    boolean fits = switch (t) {
      case VALUE -> kind != Kind.FREE_TEXT && kind != Kind.NAME;
      case CODE_LABEL, CODE_MAP -> code;
      case DATE -> kind == Kind.DATE;
      case TEXT_WITH_LANG -> kind == Kind.FREE_TEXT;
      case TRANSLITERATE_LATIN, TRANSLITERATE_CYRILLIC, TRANSLITERATE_ASCII -> kind == Kind.NAME;
    };
    if (!fits) {
      throw Mappings.error(file, at + ".transform", "'" + tName + "' does not fit source '" + source + "' (" + kind
          .name().toLowerCase() + "); code-label/code-map take codes, date takes dates, text-with-lang takes free "
          + "text (subject, …Description, handlingConditions), transliterate-* take persons[].name, value takes the rest "
          + "(e.g. persons[].name.latin)");
    }
    if ((t == Transform.CODE_LABEL || t == Transform.TEXT_WITH_LANG) && target.contains("@")) {
      throw Mappings.error(file, at + ".target", "is an attribute, but " + tName + " writes an element with an "
          + "attribute and a text; use an element target, or transform: value / code-map for an attribute");
    }
    Map<String, String> map = new LinkedHashMap<>();
    if (t == Transform.CODE_MAP) {
      String list = CanonicalFields.field(source.replace("[]", "")).orElseThrow().codeList();
      for (String c : codeLists.codes(list)) {
        String v = n.path("map").path(c).asText("");
        if (v.isBlank()) {
          throw Mappings.error(file, at + ".map." + c, "is missing; code-map must give the recipient's value for every "
              + "code of list " + list + " (" + String.join(", ", codeLists.codes(list)) + ")");
        }
        if (map.containsValue(v)) {
          throw Mappings.error(file, at + ".map." + c, "repeats '" + v + "'; each code needs its own value so that "
              + "it can be read back");
        }
        map.put(c, v);
      }
    } else if (n.has("map")) {
      throw Mappings.error(file, at + ".map", "is only used with transform: code-map");
    }
    return new FieldMapping(target, source, n.path("required").asBoolean(false), t, Map.copyOf(map));
  }
}
