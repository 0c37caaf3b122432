package eu.mlagw.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code admin:} and {@code alerts:} sections of gateway.yaml into {@link OpsSettings}.
 * Errors name the file, the key, what is wrong and the fix (CONFIG_INVALID). Kept apart from
 * {@link GatewayConfig} (which the node's other parts share) and read again by the running node
 * with {@link #load(GatewayConfig)}; {@link ConfigLoader#load} calls {@link #read} so that a
 * mistake here fails {@code config check} as it fails {@code run}.
 */
public final class OpsSettingsReader {
  /** Keys of alerts.smtp that name where the password is, not the password: allowed in YAML. */
  static final Set<String> PASSWORD_REFERENCES = Set.of("alerts.smtp.passwordEnv", "alerts.smtp.passwordFile");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private OpsSettingsReader() {}

  /** The settings of the gateway.yaml in {@code config}'s folder (validated already when {@code config} was loaded). */
  public static OpsSettings load(GatewayConfig config) throws GatewayException {
    Path file = config.directory().resolve(ConfigLoader.GATEWAY_FILE);
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, file + ": cannot be read again for admin/alerts ("
          + e.getMessage() + ")", e);
    }
    return read(root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root,
        config.directory(), file, config.tlsKeystore().isPresent(), config.listenPort());
  }

  /** Reads {@code admin:} and {@code alerts:} of the parsed gateway.yaml {@code root}. */
  static OpsSettings read(JsonNode root, Path dir, Path file, boolean hasTls, int peerPort) throws GatewayException {
    return new OpsSettings(admin(root.path("admin"), file, hasTls, peerPort), alerts(root.path("alerts"), dir, file),
        console(root.path("console"), file, hasTls, peerPort));
  }

  /** gateway.yaml console: {listen: {host, port}}; absent: the web console is off. */
  private static Optional<ConsoleSettings> console(JsonNode n, Path file, boolean hasTls, int peerPort)
      throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject() || !n.path("listen").isObject()) {
      throw ConfigLoader.error(file, "console.listen", "is missing; give console: {listen: {host: 127.0.0.1, port: "
          + "8445}} or remove console to keep the web console off");
    }
    keys(n, Set.of("listen"), file, "console.");
    JsonNode listen = n.path("listen");
    keys(listen, Set.of("host", "port"), file, "console.listen.");
    String host = Optional.ofNullable(text(listen, "host", file, "console.listen.host")).orElse("127.0.0.1");
    JsonNode p = listen.path("port");
    if (p.isMissingNode() || !p.canConvertToInt() || p.asInt() < 0 || p.asInt() > 65535) {
      throw ConfigLoader.error(file, "console.listen.port", "is '" + (p.isMissingNode() ? "" : p.asText())
          + "'; give the TCP port (1..65535, or 0 for any free one) on which IT staff and auditors open the console, "
          + "e.g. 8445");
    }
    int port = p.asInt();
    if (port != 0 && port == peerPort) {
      throw ConfigLoader.error(file, "console.listen.port", "is " + port + ", the same as gateway.listen.port; give "
          + "the console a port of its own, e.g. 8445");
    }
    if (!hasTls) {
      throw ConfigLoader.error(file, "gateway.tlsKeystore", "is missing; the web console serves HTTPS with the "
          + "gateway's TLS keystore and asks for client certificates (mlagw pki init makes gateways/ID/tls.p12)");
    }
    return Optional.of(new ConsoleSettings(host, port));
  }

  private static Optional<AdminSettings> admin(JsonNode n, Path file, boolean hasTls, int peerPort)
      throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw ConfigLoader.error(file, "admin", "must be a mapping, e.g. admin: {host: 127.0.0.1, port: 9464}");
    }
    keys(n, Set.of("host", "port"), file, "admin.");
    String host = Optional.ofNullable(text(n, "host", file, "admin.host")).orElse("127.0.0.1");
    JsonNode p = n.path("port");
    if (p.isMissingNode() || !p.canConvertToInt() || p.asInt() < 0 || p.asInt() > 65535) {
      throw ConfigLoader.error(file, "admin.port", "is '" + (p.isMissingNode() ? "" : p.asText()) + "'; give the TCP "
          + "port (1..65535, or 0 for any free one) on which Prometheus and the health checks reach the node, e.g. 9464");
    }
    int port = p.asInt();
    if (port != 0 && port == peerPort) {
      throw ConfigLoader.error(file, "admin.port", "is " + port + ", the same as gateway.listen.port; give the admin "
          + "listener a port of its own, e.g. 9464");
    }
    AdminSettings settings = new AdminSettings(host, port);
    if (!settings.isLoopback() && !hasTls) {
      throw ConfigLoader.error(file, "admin.host", "is '" + host + "', not a loopback address, so the admin listener "
          + "serves HTTPS with gateway.tlsKeystore, which is missing; add gateway.tlsKeystore or listen on 127.0.0.1");
    }
    return Optional.of(settings);
  }

  private static AlertSettings alerts(JsonNode n, Path dir, Path file) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return AlertSettings.DEFAULTS;
    }
    if (!n.isObject()) {
      throw ConfigLoader.error(file, "alerts", "must be a mapping, e.g. alerts: {email: it@example.org, smtp: {host: "
          + "smtp.example.org}}");
    }
    keys(n, Set.of("email", "smtp", "certificateDays", "peerUnreachableFor", "checkpointIntervals", "deadlineWithin",
        "checkEvery"), file, "alerts.");
    AlertSettings d = AlertSettings.DEFAULTS;
    List<String> email = emails(n.path("email"), file);
    Optional<SmtpSettings> smtp = smtp(n.path("smtp"), dir, file);
    if (!email.isEmpty() && smtp.isEmpty()) {
      throw ConfigLoader.error(file, "alerts.smtp", "is missing; alert e-mails to " + String.join(", ", email)
          + " need the SMTP server, e.g. smtp: {host: smtp.example.org, port: 587, starttls: true}");
    }
    return new AlertSettings(email, smtp,
        number(n, "certificateDays", 1, 3650, d.certificateDays(), file, "days before a certificate or CRL expires"),
        duration(n, "peerUnreachableFor", d.peerUnreachableFor(), file),
        number(n, "checkpointIntervals", 1, 1000, d.checkpointIntervals(), file, "checkpoint intervals"),
        duration(n, "deadlineWithin", d.deadlineWithin(), file), duration(n, "checkEvery", d.checkEvery(), file));
  }

  private static List<String> emails(JsonNode n, Path file) throws GatewayException {
    List<String> out = new ArrayList<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    List<JsonNode> items = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(items::add);
    } else {
      items.add(n);
    }
    for (JsonNode item : items) {
      String address = item.asText().strip();
      if (!item.isTextual() || !EMAIL.matcher(address).matches()) {
        throw ConfigLoader.error(file, "alerts.email", "is '" + address + "'; give the IT address (it@example.org) or a "
            + "list of addresses");
      }
      out.add(address);
    }
    return out;
  }

  private static Optional<SmtpSettings> smtp(JsonNode n, Path dir, Path file) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw ConfigLoader.error(file, "alerts.smtp", "must be a mapping: {host, port, starttls, user, passwordEnv, "
          + "passwordFile, from}");
    }
    keys(n, Set.of("host", "port", "starttls", "user", "passwordEnv", "passwordFile", "from"), file, "alerts.smtp.");
    String host = text(n, "host", file, "alerts.smtp.host");
    if (host == null) {
      throw ConfigLoader.error(file, "alerts.smtp.host", "is missing; give the SMTP server that sends the alert e-mails");
    }
    boolean starttls = true;
    if (n.has("starttls")) {
      if (!n.get("starttls").isBoolean()) {
        throw ConfigLoader.error(file, "alerts.smtp.starttls", "is '" + n.get("starttls").asText() + "'; write true "
            + "(the default: the connection is upgraded to TLS before the login) or false (a relay on this host)");
      }
      starttls = n.get("starttls").asBoolean();
    }
    int port = number(n, "port", 1, 65535, starttls ? 587 : 25, file, "the SMTP server's TCP port", "alerts.smtp.");
    Optional<String> user = Optional.ofNullable(text(n, "user", file, "alerts.smtp.user"));
    String env = text(n, "passwordEnv", file, "alerts.smtp.passwordEnv");
    String pwFile = text(n, "passwordFile", file, "alerts.smtp.passwordFile");
    Optional<SecretSource> password = Optional.empty();
    if (env != null || pwFile != null) {
      if (user.isEmpty()) {
        throw ConfigLoader.error(file, "alerts.smtp.user", "is missing; a password (passwordEnv/passwordFile) is only "
            + "used with a login");
      }
      password = Optional.of(new SecretSource(env, pwFile == null ? null : dir.resolve(pwFile).normalize(),
          file + ": alerts.smtp"));
    } else if (user.isPresent()) {
      throw ConfigLoader.error(file, "alerts.smtp.passwordEnv", "is missing; the SMTP login " + user.get() + " needs "
          + "its password from an environment variable (passwordEnv: MLAGW_SMTP_PASSWORD) or a file (passwordFile)");
    }
    String from = Optional.ofNullable(text(n, "from", file, "alerts.smtp.from")).orElse("mlagw@localhost");
    if (!EMAIL.matcher(from).matches()) {
      throw ConfigLoader.error(file, "alerts.smtp.from", "is '" + from + "'; give the sender address of the alert "
          + "e-mails, e.g. mlagw@gateway.example.org");
    }
    return Optional.of(new SmtpSettings(host, port, starttls, user, password, from));
  }

  private static int number(JsonNode n, String key, int min, int max, int fallback, Path file, String what)
      throws GatewayException {
    return number(n, key, min, max, fallback, file, what, "alerts.");
  }

  private static int number(JsonNode n, String key, int min, int max, int fallback, Path file, String what,
      String prefix) throws GatewayException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw ConfigLoader.error(file, prefix + key, "is '" + v.asText() + "'; write a whole number from " + min + " to "
          + max + " (" + what + ")");
    }
    return v.asInt();
  }

  private static Duration duration(JsonNode n, String key, Duration fallback, Path file) throws GatewayException {
    String value = text(n, key, file, "alerts." + key);
    if (value == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw ConfigLoader.error(file, "alerts." + key, "is '" + value + "'; write a positive number and a unit: 500ms, "
          + "30s, 5m, 24h or 2d");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static void keys(JsonNode node, Set<String> allowed, Path file, String prefix) throws GatewayException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw ConfigLoader.error(file, prefix + key, "is not a known setting; allowed here: "
            + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static String text(JsonNode node, String key, Path file, String at) throws GatewayException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw ConfigLoader.error(file, at, "must be a non-empty value");
    }
    return v.asText().strip();
  }
}
