package eu.mlagw.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical encoding of an audit event: the exact bytes that are the Merkle leaf (RFC 9162
 * leaf hash = SHA-256(0x00 || bytes)), that the stores keep, and that proof bundles carry.
 *
 * <p>Format (documented in docs/formats.md for courts' experts): one JSON object in UTF-8, no
 * whitespace, members in this fixed order, absent values omitted: {@code v} (format version, 1),
 * {@code seq}, {@code time} (ISO-8601 UTC, millisecond precision), {@code node}, {@code gateway},
 * {@code type}, {@code exchange}, {@code cases} (array), {@code sender}, {@code recipient},
 * {@code digest}, {@code reason}, {@code persons} (array), {@code details} (object, keys sorted by
 * UTF-16 code units). Strings use JSON escapes only where JSON requires them. Decoding then
 * re-encoding yields the same bytes; any other byte sequence is refused by {@link #decode}.
 */
public final class AuditEventCodec {
  private static final int VERSION = 1;
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper READER = new ObjectMapper();

  private AuditEventCodec() {}

  /** The canonical bytes of {@code event}. */
  public static byte[] encode(AuditEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      AuditRecord r = event.record();
      g.writeStartObject();
      g.writeNumberField("v", VERSION);
      g.writeNumberField("seq", event.sequence());
      g.writeStringField("time", Instant.ofEpochMilli(event.time().toEpochMilli()).toString());
      g.writeStringField("node", event.node());
      g.writeStringField("gateway", event.gateway());
      g.writeStringField("type", r.type().name());
      optional(g, "exchange", r.exchangeId());
      if (!r.caseReferences().isEmpty()) {
        array(g, "cases", r.caseReferences());
      }
      optional(g, "sender", r.sender());
      optional(g, "recipient", r.recipient());
      optional(g, "digest", r.packageDigest());
      optional(g, "reason", r.reasonCode() == null ? null : r.reasonCode().name());
      if (!r.persons().isEmpty()) {
        array(g, "persons", r.persons());
      }
      if (!r.details().isEmpty()) {
        g.writeObjectFieldStart("details");
        for (Map.Entry<String, String> e : new TreeMap<>(r.details()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads canonical bytes back into an event.
   *
   * @throws IllegalArgumentException if {@code bytes} are not the canonical encoding of an event
   *     (malformed JSON, unknown type or reason, or any deviation from the canonical form)
   */
  public static AuditEvent decode(byte[] bytes) {
    AuditEvent event;
    try {
      JsonNode n = READER.readTree(bytes);
      if (n == null || !n.isObject() || n.path("v").asInt() != VERSION) {
        throw new IllegalArgumentException("not an audit event of format version " + VERSION);
      }
      AuditRecord record = new AuditRecord(
          AuditEventType.valueOf(text(n, "type")),
          text(n, "exchange"),
          strings(n.get("cases")),
          text(n, "sender"),
          text(n, "recipient"),
          text(n, "digest"),
          n.has("reason") ? ReasonCode.valueOf(text(n, "reason")) : null,
          strings(n.get("persons")),
          details(n.get("details")));
      event = new AuditEvent(n.path("seq").asLong(-1), Instant.parse(text(n, "time")), text(n, "node"), text(n, "gateway"), record);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a canonical audit event: " + e.getMessage(), e);
    }
    if (!java.util.Arrays.equals(bytes, encode(event))) {
      throw new IllegalArgumentException("not a canonical audit event: bytes differ from the canonical form of event " + event.sequence());
    }
    return event;
  }

  /** The canonical bytes as a string (for JSON Lines exports and human inspection). */
  public static String encodeToString(AuditEvent event) {
    return new String(encode(event), StandardCharsets.UTF_8);
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void array(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  private static Map<String, String> details(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    if (object != null) {
      object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
