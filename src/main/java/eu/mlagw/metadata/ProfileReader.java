package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a rendering back into the canonical request through the same profile (the inverse of
 * {@link ProfileRenderer}): codes from code-label's code, code-map values mapped back, dates and
 * free text with their language. Derived values (transliterate-*) are not read back. Used for
 * round-trip checks and for replies arriving in a recipient's format. Thread-safe.
 */
public final class ProfileReader {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final Mappings mappings;

  public ProfileReader(Mappings mappings) {
    this.mappings = mappings;
  }

  /** @throws GatewayException MALFORMED if the input is not the profile's format, CONFIG_INVALID for an unknown profile */
  public CanonicalRequest read(InputStream in, String profileName) throws GatewayException {
    Profile profile = mappings.profile(profileName).orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        "profile '" + profileName + "' is not in mappings/profiles/ (known: " + mappings.profileNames() + ")"));
    if (profile.format() == Profile.Format.CANONICAL_XML) {
      return MetadataXml.read(in);
    }
    ObjectNode tree;
    boolean xml = profile.format() == Profile.Format.XML;
    if (xml) {
      tree = ProfileXml.read(in);
    } else {
      try {
        JsonNode n = CanonicalTree.JSON.readTree(in);
        if (!(n instanceof ObjectNode o)) {
          throw new GatewayException(ReasonCode.MALFORMED, "the " + profileName + " document is not a JSON object");
        }
        tree = o;
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.MALFORMED, "the " + profileName + " document is not JSON: "
            + e.getMessage(), e);
      }
    }
    ObjectNode canonical = F.objectNode();
    for (FieldMapping m : profile.fields()) {
      if (!m.transform().reversible()) {
        continue;
      }
      if (m.source().contains("[]")) {
        String[] s = m.source().split("\\[]\\.?", 2);
        String[] t = m.target().split("\\[]\\.?", 2);
        ArrayNode items = CanonicalTree.asArray(CanonicalTree.get(tree, t[0]));
        ArrayNode target = CanonicalTree.items(canonical, s[0], items.size());
        for (int i = 0; i < items.size(); i++) {
          JsonNode v = inverse(m, CanonicalTree.get(items.get(i), t[1]), xml);
          if (v != null) {
            CanonicalTree.set((ObjectNode) target.get(i), s[1], v);
          }
        }
      } else {
        JsonNode v = inverse(m, CanonicalTree.get(tree, m.target()), xml);
        if (v != null) {
          boolean list = CanonicalFields.sourceKind(m.source()).orElse(null) == CanonicalFields.Kind.CODES;
          CanonicalTree.set(canonical, m.source(), list ? CanonicalTree.asArray(v) : v);
        }
      }
    }
    try {
      return CanonicalTree.from(canonical);
    } catch (IllegalStateException e) {
      // a field of the wrong type or value (an object for a text, "2026-02-31" for a date); found by
      // MetadataXmlFuzzTest#courtJson. The field is named, its value is not quoted.
      String field = e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException j
          ? j.getPathReference() : "a field";
      throw new GatewayException(ReasonCode.MALFORMED, "the " + profileName + " document has a value of the wrong "
          + "type or form in " + field + "; it does not follow the profile", e);
    }
  }

  private JsonNode inverse(FieldMapping m, JsonNode v, boolean xml) {
    if (v == null) {
      return null;
    }
    if (v.isArray()) {
      ArrayNode a = F.arrayNode();
      v.forEach(item -> a.add(inverse(m, item, xml)));
      return a;
    }
    return switch (m.transform()) {
      case CODE_LABEL -> F.textNode(v.path(xml ? "@code" : "code").asText());
      case CODE_MAP -> F.textNode(m.map().entrySet().stream().filter(e -> e.getValue().equals(v.asText()))
          .map(Map.Entry::getKey).findFirst().orElse(v.asText()));
      case TEXT_WITH_LANG -> F.objectNode().put("text", v.path(xml ? "#text" : "text").asText())
          .put("lang", v.path(xml ? "@xml:lang" : "lang").asText());
      default -> v;
    };
  }
}
