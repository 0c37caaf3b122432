package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import eu.mlagw.metadata.CanonicalFields.Field;
import eu.mlagw.metadata.CanonicalRequest.DocumentRef;
import eu.mlagw.metadata.CanonicalRequest.LangText;
import eu.mlagw.metadata.CanonicalRequest.Person;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Binds a parsed request (the tree of request.yaml / request.json, or of a form's fields) to a
 * {@link CanonicalRequest}, collecting every problem instead of stopping at the first. Defaults:
 * exchangeType mla-request, urgency normal; free text is marked with the request's language; names
 * get all script forms. A minimal request ({@code subject}, optional {@code caseReference}) stays valid.
 * Not thread-safe per call state; create one per request (cheap).
 */
final class RequestBinder {
  private final Mappings mappings;
  private final NameTransliterator names;
  private final List<FieldProblem> problems = new ArrayList<>();
  private final java.util.Set<String> files;
  private final String language;

  /**
   * {@code files} (nullable: not checked) are the names of the submission's files, where documents
   * must be; {@code language} the request's language.
   */
  RequestBinder(Mappings mappings, NameTransliterator names, java.util.Set<String> files, String language) {
    this.mappings = mappings;
    this.names = names;
    this.files = files;
    this.language = language;
  }

  List<FieldProblem> problems() {
    return problems;
  }

  CanonicalRequest bind(JsonNode root, String sender, String recipient) {
    checkKeys(root, "", CanonicalFields.topLevelKeys());
    LangText subject = free(root, "subject");
    if (subject == null) {
      problems.add(FieldProblem.of("subject", "required"));
    }
    String urgency = code(root.get("urgency"), "urgency", "urgency");
    LocalDate deadline = date(root.get("deadline"), "deadline");
    if (deadline == null && root.get("deadline") == null && urgency != null && !urgency.equals("normal")) {
      problems.add(FieldProblem.of("deadline", "deadline-needed"));
    }
    String exchangeType = code(root.get("exchangeType"), "exchangeType", "exchange-type");
    return new CanonicalRequest(null, sender, recipient, language,
        exchangeType == null ? "mla-request" : exchangeType, subject, text(root.get("caseReference"), "caseReference"),
        text(root.get("recipientCaseReference"), "recipientCaseReference"), text(root.get("inReplyTo"), "inReplyTo"),
        code(root.get("legalBasis"), "legalBasis", "legal-basis"),
        text(root.get("issuingAuthority"), "issuingAuthority"), text(root.get("executingAuthority"), "executingAuthority"),
        urgency == null ? "normal" : urgency, deadline, codes(root.get("offences"), "offences", "offence-category"),
        free(root, "offenceDescription"), persons(root.get("persons")), codes(root.get("measures"), "measures", "measure"),
        free(root, "measureDescription"), codes(root.get("handlingCodes"), "handlingCodes", "handling-code"),
        free(root, "handlingConditions"), code(root.get("confidentiality"), "confidentiality", "confidentiality"),
        documents(root.get("documents")));
  }

  private void checkKeys(JsonNode node, String prefix, List<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        problems.add(FieldProblem.of(prefix + k, "unknown-field", String.join(", ", allowed)));
      }
    }
  }

  private String scalar(JsonNode n, String at) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isValueNode()) {
      problems.add(FieldProblem.of(at, "text"));
      return null;
    }
    String s = n.asText().strip();
    return s.isEmpty() ? null : s;
  }

  private String text(JsonNode n, String at) {
    String s = scalar(n, at);
    int max = CanonicalFields.field(at.replaceAll("\\[\\d+]", "")).map(Field::maxLength).orElse(0);
    if (s != null && max > 0 && s.length() > max) {
      problems.add(FieldProblem.of(at, "too-long", String.valueOf(max)));
    }
    return s;
  }

  private LangText free(JsonNode root, String key) {
    String s = text(root.get(key), key);
    return s == null ? null : new LangText(s, language);
  }

  private String code(JsonNode n, String at, String list) {
    String s = scalar(n, at);
    if (s != null && !mappings.codeLists().contains(list, s)) {
      problems.add(FieldProblem.of(at, "unknown-code", s, mappings.codeLists().describe(list, language)));
      return null;
    }
    return s;
  }

  private List<String> codes(JsonNode n, String at, String list) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isValueNode()) {
      String c = code(n, at, list);
      if (c != null) {
        out.add(c);
      }
      return out;
    }
    if (!n.isArray()) {
      problems.add(FieldProblem.of(at, "list"));
      return out;
    }
    for (int i = 0; i < n.size(); i++) {
      String c = code(n.get(i), at, list);
      if (c != null && !out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private LocalDate date(JsonNode n, String at) {
    String s = scalar(n, at);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      problems.add(FieldProblem.of(at, "date", s));
      return null;
    }
  }

  private String languageTag(JsonNode n, String at) {
    String s = scalar(n, at);
    if (s != null && !mappings.languages().contains(s)) {
      problems.add(FieldProblem.of(at, "language", s, String.join(", ", mappings.languages())));
      return null;
    }
    return s;
  }

  private List<JsonNode> items(JsonNode n, String at) {
    List<JsonNode> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      problems.add(FieldProblem.of(at, "list"));
      return out;
    }
    n.forEach(out::add);
    return out;
  }

  private List<Person> persons(JsonNode n) {
    List<Person> out = new ArrayList<>();
    List<JsonNode> items = items(n, "persons");
    for (int i = 0; i < items.size(); i++) {
      JsonNode p = items.get(i);
      String at = "persons[" + i + "]";
      if (!p.isObject()) {
        problems.add(FieldProblem.of(at, "text"));
        continue;
      }
      checkKeys(p, at + ".", CanonicalFields.subKeys("persons"));
      String name = text(p.get("name"), at + ".name");
      if (name == null) {
        problems.add(FieldProblem.of(at + ".name", "required"));
      }
      String nationality = scalar(p.get("nationality"), at + ".nationality");
      if (nationality != null && !nationality.matches("[A-Z]{2}")) {
        problems.add(FieldProblem.of(at + ".nationality", "country", nationality));
        nationality = null;
      }
      String nameLang = nationality != null && Set.of("AL", "XK").contains(nationality) ? "sq" : "MK".equals(nationality) ? "mk"
          : nationality == null ? language : "sr-Latn";
      out.add(new Person(code(p.get("role"), at + ".role", "person-role"),
          name == null ? null : names.forms(name, nameLang), date(p.get("birthDate"), at + ".birthDate"), nationality));
    }
    return out;
  }

  private List<DocumentRef> documents(JsonNode n) {
    List<DocumentRef> out = new ArrayList<>();
    List<JsonNode> items = items(n, "documents");
    for (int i = 0; i < items.size(); i++) {
      JsonNode d = items.get(i);
      String at = "documents[" + i + "]";
      if (d.isValueNode()) {
        d = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("file", d.asText());
      }
      checkKeys(d, at + ".", CanonicalFields.subKeys("documents"));
      String file = text(d.get("file"), at + ".file");
      if (file == null) {
        problems.add(FieldProblem.of(at + ".file", "required"));
      } else if (files != null && !isFileIn(files, file)) {
        problems.add(FieldProblem.of(at + ".file", "file-missing", file));
      }
      String role = code(d.get("role"), at + ".role", "document-role");
      out.add(new DocumentRef(file, role == null ? "annex" : role, languageTag(d.get("language"), at + ".language"),
          null));
    }
    return out;
  }

  private static boolean isFileIn(java.util.Set<String> files, String name) {
    return files.contains(name.replace('\\', '/'));
  }
}
