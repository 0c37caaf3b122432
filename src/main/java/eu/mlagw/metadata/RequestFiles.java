package eu.mlagw.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Parses request.yaml and request.json, which a prosecutor (or anyone who can write into a drop
 * folder) controls, within fixed bounds: the file's size is checked before a byte is read, the
 * parsers refuse deep nesting, long numbers, names and texts, YAML aliases and duplicate keys
 * (which would otherwise silently take the second value). Problems say what kind of problem and
 * where (line, column, field name) — never the offending text, which may be anything the file held.
 * Thread-safe.
 */
final class RequestFiles {
  /** Largest request file read (1 MiB): a request is a few KiB; long texts belong in documents. */
  static final long MAX_SIZE = 1L << 20;
  static final int MAX_DEPTH = 32;
  static final int MAX_NUMBER_LENGTH = 64;
  static final int MAX_STRING_LENGTH = 256 * 1024;
  static final int MAX_NAME_LENGTH = 256;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).maxStringLength(MAX_STRING_LENGTH)
      .maxNameLength(MAX_NAME_LENGTH).maxDocumentLength(MAX_SIZE).build();
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(yamlLimits())
      .streamReadConstraints(LIMITS).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  /** Turns field problems into the exception the caller throws (in the prosecutor's language). */
  interface Invalid {
    RequestInvalidException of(List<FieldProblem> problems);
  }

  private RequestFiles() {}

  private static LoaderOptions yamlLimits() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit((int) MAX_SIZE); // also enforced before reading; this bounds the scanner itself
    o.setNestingDepthLimit(MAX_DEPTH);
    o.setMaxAliasesForCollections(0); // a request has no use for anchors and aliases (billion laughs)
    o.setAllowDuplicateKeys(false);
    o.setAllowRecursiveKeys(false);
    return o;
  }

  /**
   * The parsed tree of {@code name} (request.yaml or request.json) in {@code files}; null for an
   * empty file.
   *
   * @throws GatewayException TOO_LARGE over {@link #MAX_SIZE} or a parser limit; REQUEST_INVALID
   *     (from {@code invalid}) for a syntax error or a duplicate key
   */
  static JsonNode parse(SubmissionFiles files, String name, Invalid invalid) throws GatewayException {
    long size = files.size(name);
    if (size > MAX_SIZE) {
      throw tooLarge(name, size + " bytes");
    }
    byte[] bytes;
    try (InputStream in = files.open(name)) {
      bytes = in.readNBytes((int) MAX_SIZE + 1);
    } catch (IOException e) {
      throw GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "cannot read " + name);
    }
    if (bytes.length > MAX_SIZE) {
      throw tooLarge(name, "more than " + MAX_SIZE + " bytes");
    }
    ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
    try {
      return mapper.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw new GatewayException(ReasonCode.TOO_LARGE, name + " goes beyond what a request file may hold" + where(e)
          + ": at most " + MAX_DEPTH + " levels of nesting, numbers of " + MAX_NUMBER_LENGTH + " digits, texts of "
          + MAX_STRING_LENGTH + " characters, field names of " + MAX_NAME_LENGTH + " characters; put long texts "
          + "into a document next to the request");
    } catch (JsonProcessingException e) {
      throw invalid.of(List.of(FieldProblem.of(name, "unreadable", describe(e))));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML's own limits (aliases, nesting, code points) and any parser failure: kind only
      throw invalid.of(List.of(FieldProblem.of(name, "unreadable", "not valid " + format(name)
          + " (" + e.getClass().getSimpleName() + ")")));
    }
  }

  /**
   * What is wrong, where: never the parser's message, which quotes the input it choked on (a
   * request file that is really a password file would be echoed into error.txt and the evidence).
   */
  private static String describe(JsonProcessingException e) {
    String duplicate = duplicateKey(e);
    if (duplicate != null) {
      return where(e).strip() + ": the field " + duplicate + " is given twice; keep one";
    }
    String original = String.valueOf(e.getOriginalMessage());
    if (original.startsWith("Duplicate")) {
      return where(e).strip() + ": a field is given twice; keep one";
    }
    return where(e).strip() + ": not valid syntax";
  }

  /** The duplicated key, quoted, if it is one of the request's own field names; else null. */
  private static String duplicateKey(JsonProcessingException e) {
    if (!String.valueOf(e.getOriginalMessage()).startsWith("Duplicate")
        || !(e.getProcessor() instanceof JsonParser p)) {
      return null;
    }
    try {
      String key = p.currentName();
      boolean known = key != null && (CanonicalFields.topLevelKeys().contains(key) || "language".equals(key)
          || CanonicalFields.input().stream().anyMatch(f -> f.key().endsWith("." + key)));
      return known ? "'" + key + "'" : null;
    } catch (IOException | RuntimeException x) {
      return null;
    }
  }

  private static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return "";
    }
    return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String format(String name) {
    return name.endsWith(".json") ? "JSON" : "YAML";
  }

  private static GatewayException tooLarge(String name, String size) {
    return new GatewayException(ReasonCode.TOO_LARGE, name + " has " + size + "; a request file may have at most "
        + MAX_SIZE + " bytes (1 MiB). Keep the request to its fields and put long texts into a document next to it");
  }
}
