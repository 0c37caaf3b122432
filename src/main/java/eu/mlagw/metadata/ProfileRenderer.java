package eu.mlagw.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a canonical request for one recipient: through its profile ({@code canonical-xml},
 * {@code json} or {@code xml}) and in its language. Coded values get labels in that language; free
 * text is never altered, only marked with its language. Thread-safe.
 */
public final class ProfileRenderer {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final Mappings mappings;

  public ProfileRenderer(Mappings mappings) {
    this.mappings = mappings;
  }

  /**
   * Writes the request in the profile's format.
   *
   * @throws RequestInvalidException if a mapping marked {@code required} finds no value (in the
   *     sender's language, so it can go back to the prosecutor)
   * @throws GatewayException CONFIG_INVALID for an unknown profile, IO_ERROR on write
   */
  public void render(CanonicalRequest request, String profileName, String language, OutputStream out)
      throws GatewayException {
    Profile profile = mappings.profile(profileName).orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        "profile '" + profileName + "' is not in mappings/profiles/ (known: " + mappings.profileNames()
            + "); fix the participant's profile: in participants.yaml"));
    if (profile.format() == Profile.Format.CANONICAL_XML) {
      MetadataXml.write(request, out);
      return;
    }
    ObjectNode tree = tree(request, profile, mappings.languageOrDefault(language));
    try {
      if (profile.format() == Profile.Format.JSON) {
        CanonicalTree.JSON.writerWithDefaultPrettyPrinter().writeValue(out, tree);
      } else {
        ProfileXml.write(tree, profile.root(), profile.namespace(), out);
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the " + profileName + " rendering: "
          + e.getMessage(), e);
    }
  }

  /** The fields of {@code request} that the profile requires but the request lacks (empty = renderable). */
  public List<FieldProblem> missing(CanonicalRequest request, String profileName) {
    List<FieldProblem> out = new ArrayList<>();
    ObjectNode canonical = CanonicalTree.of(request);
    mappings.profile(profileName).ifPresent(p -> p.fields().stream().filter(FieldMapping::required).forEach(m -> {
      String key = m.source().replace("[]", "");
      if (!m.source().contains("[]")) {
        if (CanonicalTree.get(canonical, m.source()) == null) {
          out.add(FieldProblem.of(key.contains(".") ? key.substring(0, key.indexOf('.')) : key, "required"));
        }
        return;
      }
      String[] s = m.source().split("\\[]\\.?", 2);
      JsonNode items = CanonicalTree.get(canonical, s[0]);
      for (int i = 0; items != null && i < items.size(); i++) {
        if (CanonicalTree.get(items.get(i), s[1]) == null) {
          String sub = s[1].contains(".") ? s[1].substring(0, s[1].indexOf('.')) : s[1];
          out.add(FieldProblem.of(s[0] + "[" + i + "]." + sub, "required"));
        }
      }
    }));
    return out;
  }

  ObjectNode tree(CanonicalRequest request, Profile profile, String language) throws GatewayException {
    List<FieldProblem> missing = missing(request, profile.name());
    if (!missing.isEmpty()) {
      String lang = mappings.languageOrDefault(request.language());
      throw new RequestInvalidException(missing, lang, new ProblemText(mappings.messages()).render(missing, lang));
    }
    ObjectNode canonical = CanonicalTree.of(request);
    ObjectNode out = F.objectNode();
    boolean xml = profile.format() == Profile.Format.XML;
    for (FieldMapping m : profile.fields()) {
      if (m.source().contains("[]")) {
        String[] s = m.source().split("\\[]\\.?", 2);
        String[] t = m.target().split("\\[]\\.?", 2);
        JsonNode items = CanonicalTree.get(canonical, s[0]);
        if (items == null) {
          continue;
        }
        ArrayNode target = CanonicalTree.items(out, t[0], items.size());
        for (int i = 0; i < items.size(); i++) {
          JsonNode v = transform(m, CanonicalTree.get(items.get(i), s[1]), language, xml);
          if (v != null) {
            CanonicalTree.set((ObjectNode) target.get(i), t[1], v);
          }
        }
      } else {
        JsonNode v = transform(m, CanonicalTree.get(canonical, m.source()), language, xml);
        if (v != null) {
          CanonicalTree.set(out, m.target(), v);
        }
      }
    }
    return out;
  }

  private JsonNode transform(FieldMapping m, JsonNode v, String language, boolean xml) {
    if (v == null) {
      return null;
    }
    if (v.isArray()) {
      ArrayNode a = F.arrayNode();
      v.forEach(item -> a.add(transform(m, item, language, xml)));
      return a;
    }
    String list = CanonicalFields.field(m.source().replace("[]", "")).map(CanonicalFields.Field::codeList).orElse(null);
    return switch (m.transform()) {
      case VALUE, DATE -> v;
      case CODE_MAP -> F.textNode(m.map().getOrDefault(v.asText(), v.asText()));
      case CODE_LABEL -> {
        String label = mappings.codeLists().label(list, v.asText(), language);
        yield xml ? F.objectNode().put("@code", v.asText()).put("#text", label)
            : F.objectNode().put("code", v.asText()).put("label", label);
      }
      case TEXT_WITH_LANG -> xml ? F.objectNode().put("@xml:lang", v.path("lang").asText()).put("#text",
          v.path("text").asText()) : F.objectNode().put("text", v.path("text").asText()).put("lang",
          v.path("lang").asText());
      case TRANSLITERATE_LATIN -> v.get("latin");
      case TRANSLITERATE_CYRILLIC -> v.get("cyrillic");
      case TRANSLITERATE_ASCII -> v.get("ascii");
    };
  }
}
