package eu.mlagw.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * gateway.yaml {@code timestamping:}: the RFC 3161 time-stamping authority whose signature-time-stamps every seal,
 * evidence and checkpoint signature of this gateway carries (CAdES-B-T). Absent: no timestamps (CAdES-B).
 * <pre>
 * timestamping:
 *   url: http://127.0.0.1:3180/tsa          # the TSA (RFC 3161 over HTTP); real deployments: a qualified TSA
 *   trustAnchor: ../certs/ca/root-ca.pem    # the root the TSA's certificate must chain to (PEM)
 *   timeout: 10s                            # per request (default 10s)
 * </pre>
 * Read by {@link ConfigLoader#load} (so {@code config check} finds mistakes) and again by the key material with
 * {@link #load(GatewayConfig)}, as the ops settings are. Immutable.
 */
public record TimestampingSettings(URI url, Path trustAnchor, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The settings of the gateway.yaml in {@code config}'s folder; empty when the section is absent, or when the
   * configuration was made in code without a gateway.yaml.
   */
  public static Optional<TimestampingSettings> load(GatewayConfig config) throws GatewayException {
    Path file = config.directory().resolve(ConfigLoader.GATEWAY_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, file + ": cannot be read again for timestamping ("
          + e.getMessage() + ")", e);
    }
    return root == null ? Optional.empty() : read(root.path("timestamping"), config.directory(), file);
  }

  /** Reads the {@code timestamping:} node {@code n} of {@code file}; relative paths against {@code dir}. */
  static Optional<TimestampingSettings> read(JsonNode n, Path dir, Path file) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw ConfigLoader.error(file, "timestamping", "must be a mapping, e.g. timestamping: {url: "
          + "http://127.0.0.1:3180/tsa, trustAnchor: ../certs/ca/root-ca.pem}");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!Set.of("url", "trustAnchor", "timeout").contains(key)) {
        throw ConfigLoader.error(file, "timestamping." + key, "is not a known key; allowed: url, trustAnchor, timeout");
      }
    }
    String url = n.path("url").asText("");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw ConfigLoader.error(file, "timestamping.url", "is '" + url + "'; give the http:// or https:// URL of an "
          + "RFC 3161 time-stamping authority, e.g. http://127.0.0.1:3180/tsa (mlagw tsa runs one)");
    }
    String anchor = n.path("trustAnchor").asText("");
    Path anchorFile = anchor.isEmpty() ? null : dir.resolve(anchor).normalize();
    if (anchorFile == null || !Files.isRegularFile(anchorFile)) {
      throw ConfigLoader.error(file, "timestamping.trustAnchor", (anchorFile == null ? "is missing" : "names "
          + anchorFile + ", which does not exist") + "; give the PEM file of the root CA the TSA's certificate "
          + "chains to (for mlagw pki init: ca/root-ca.pem)");
    }
    Duration timeout = DEFAULT_TIMEOUT;
    if (n.has("timeout")) {
      String t = n.path("timeout").asText("");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(t);
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw ConfigLoader.error(file, "timestamping.timeout", "is '" + t + "'; write a positive number and a "
            + "unit: 500ms, 10s or 1m");
      }
      long v = Long.parseLong(m.group(1));
      timeout = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(v);
        case "s" -> Duration.ofSeconds(v);
        default -> Duration.ofMinutes(v);
      };
    }
    return Optional.of(new TimestampingSettings(uri, anchorFile, timeout));
  }
}
