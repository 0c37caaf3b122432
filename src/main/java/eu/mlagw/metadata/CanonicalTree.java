package eu.mlagw.metadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The canonical request as a JSON tree (the addressable view that profile paths such as
 * {@code persons[].name.latin} point into), and path helpers shared by {@link ProfileRenderer} and
 * {@link ProfileReader}. Paths: dot-separated names; a segment ending in {@code []} is an array whose
 * items the rest of the path addresses.
 */
final class CanonicalTree {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

  private CanonicalTree() {}

  static ObjectNode of(CanonicalRequest r) {
    return JSON.valueToTree(r);
  }

  static CanonicalRequest from(ObjectNode tree) {
    try {
      return JSON.treeToValue(tree, CanonicalRequest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("canonical tree does not bind: " + e.getOriginalMessage(), e);
    }
  }

  /** The value at a plain dotted path (no []), or null. */
  static JsonNode get(JsonNode node, String path) {
    JsonNode n = node;
    for (String seg : path.split("\\.")) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(seg);
    }
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  /** Sets a value at a plain dotted path (no []), creating objects on the way. */
  static void set(ObjectNode node, String path, JsonNode value) {
    String[] segs = path.split("\\.");
    ObjectNode n = node;
    for (int i = 0; i < segs.length - 1; i++) {
      JsonNode child = n.get(segs[i]);
      n = child instanceof ObjectNode o ? o : n.putObject(segs[i]);
    }
    n.set(segs[segs.length - 1], value);
  }

  /** The array at {@code path}, created with at least {@code size} object items. */
  static ArrayNode items(ObjectNode node, String path, int size) {
    JsonNode existing = get(node, path);
    ArrayNode a;
    if (existing instanceof ArrayNode arr) {
      a = arr;
    } else {
      a = node.arrayNode();
      set(node, path, a);
    }
    while (a.size() < size) {
      a.addObject();
    }
    return a;
  }

  /** A value as an array: itself if it is one, else a one-item array (a single repeated XML element). */
  static ArrayNode asArray(JsonNode n) {
    if (n instanceof ArrayNode a) {
      return a;
    }
    ArrayNode a = JSON.createArrayNode();
    if (n != null) {
      a.add(n);
    }
    return a;
  }
}
