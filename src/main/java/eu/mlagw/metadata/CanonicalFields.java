package eu.mlagw.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of the canonical request by key — the names used in request.yaml/json, in form field
 * names, in profile mappings ({@code source:}) and in error messages — with their kind, code list and
 * length limit. Group fields ({@code persons}, {@code documents}) have sub-fields
 * ({@code persons.name}). Immutable.
 */
public final class CanonicalFields {
  /** What a field holds; decides parsing, validation and which profile transforms fit it. */
  public enum Kind { TEXT, FREE_TEXT, CODE, CODES, DATE, LANGUAGE, COUNTRY, FILE, NAME, GROUP, PARTICIPANT }

  /** One field: key, kind, code list (for CODE/CODES), max length (texts), required in every request. */
  public record Field(String key, Kind kind, String codeList, int maxLength, boolean required) {}

  private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

  static {
    add("language", Kind.LANGUAGE, null, 0, false);
    add("exchangeType", Kind.CODE, "exchange-type", 0, false);
    add("subject", Kind.FREE_TEXT, null, 500, true);
    add("caseReference", Kind.TEXT, null, 100, false);
    add("recipientCaseReference", Kind.TEXT, null, 100, false);
    add("inReplyTo", Kind.TEXT, null, 100, false);
    add("legalBasis", Kind.CODE, "legal-basis", 0, false);
    add("issuingAuthority", Kind.TEXT, null, 300, false);
    add("executingAuthority", Kind.TEXT, null, 300, false);
    add("urgency", Kind.CODE, "urgency", 0, false);
    add("deadline", Kind.DATE, null, 0, false);
    add("offences", Kind.CODES, "offence-category", 0, false);
    add("offenceDescription", Kind.FREE_TEXT, null, 20000, false);
    add("persons", Kind.GROUP, null, 0, false);
    add("persons.role", Kind.CODE, "person-role", 0, false);
    add("persons.name", Kind.NAME, null, 200, true);
    add("persons.birthDate", Kind.DATE, null, 0, false);
    add("persons.nationality", Kind.COUNTRY, null, 0, false);
    add("measures", Kind.CODES, "measure", 0, false);
    add("measureDescription", Kind.FREE_TEXT, null, 20000, false);
    add("handlingCodes", Kind.CODES, "handling-code", 0, false);
    add("handlingConditions", Kind.FREE_TEXT, null, 5000, false);
    add("confidentiality", Kind.CODE, "confidentiality", 0, false);
    add("documents", Kind.GROUP, null, 0, false);
    add("documents.file", Kind.FILE, null, 255, true);
    add("documents.role", Kind.CODE, "document-role", 0, false);
    add("documents.language", Kind.LANGUAGE, null, 0, false);
  }

  /** Fields the gateway sets (not the prosecutor): usable as mapping sources only. */
  private static final Map<String, Kind> GATEWAY_SET = Map.of("exchangeId", Kind.TEXT, "sender", Kind.PARTICIPANT,
      "recipient", Kind.PARTICIPANT, "documents.sha256", Kind.TEXT);

  private CanonicalFields() {}

  private static void add(String key, Kind kind, String list, int max, boolean required) {
    FIELDS.put(key, new Field(key, kind, list, max, required));
  }

  /** Input fields in order (top-level and group sub-fields). */
  public static List<Field> input() {
    return List.copyOf(FIELDS.values());
  }

  /** Top-level input keys, for "allowed fields" messages. */
  public static List<String> topLevelKeys() {
    return FIELDS.keySet().stream().filter(k -> !k.contains(".")).toList();
  }

  /** Sub-field keys of a group without the group prefix ({@code persons} → role, name, …). */
  public static List<String> subKeys(String group) {
    return FIELDS.keySet().stream().filter(k -> k.startsWith(group + ".")).map(k -> k.substring(group.length() + 1))
        .toList();
  }

  public static Optional<Field> field(String key) {
    return Optional.ofNullable(FIELDS.get(key));
  }

  /**
   * The kind of a mapping source path such as {@code subject.text}, {@code persons[].name.latin},
   * {@code documents[].sha256} or {@code sender}; empty if the canonical model has no such value.
   */
  public static Optional<Kind> sourceKind(String path) {
    String key = path.replace("[]", "");
    if (GATEWAY_SET.containsKey(key)) {
      return Optional.of(GATEWAY_SET.get(key));
    }
    if ((path.startsWith("persons.") || path.startsWith("documents.")) || (key.contains(".")
        && !path.contains("[]") && (key.startsWith("persons") || key.startsWith("documents")))) {
      return Optional.empty(); // group members must be addressed as persons[].x
    }
    for (String suffix : List.of(".text", ".lang")) {
      if (key.endsWith(suffix) && kindOf(key.substring(0, key.length() - suffix.length())) == Kind.FREE_TEXT) {
        return Optional.of(suffix.equals(".lang") ? Kind.LANGUAGE : Kind.TEXT);
      }
    }
    for (String suffix : List.of(".original", ".latin", ".cyrillic", ".ascii")) {
      if (key.endsWith(suffix) && kindOf(key.substring(0, key.length() - suffix.length())) == Kind.NAME) {
        return Optional.of(Kind.TEXT);
      }
    }
    Kind kind = kindOf(key);
    if (kind == null || kind == Kind.GROUP) {
      return Optional.empty();
    }
    return Optional.of(kind);
  }

  private static Kind kindOf(String key) {
    Field f = FIELDS.get(key);
    return f == null ? null : f.kind();
  }
}
