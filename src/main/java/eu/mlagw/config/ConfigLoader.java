package eu.mlagw.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads and validates {@code gateway.yaml} and {@code participants.yaml}. Every error names the
 * file, the key, what is wrong and how to fix it (reason CONFIG_INVALID). Paths in the files are
 * relative to the configuration folder. A key that looks like a secret ({@code password}) is refused:
 * secrets come from environment variables or files.
 */
public final class ConfigLoader {
  public static final String GATEWAY_FILE = "gateway.yaml";
  public static final String PARTICIPANTS_FILE = "participants.yaml";
  private static final Pattern PARTICIPANT_ID = Pattern.compile("[A-Z]{2}(-[A-Z0-9]+)+");
  private static final Set<String> GATEWAY_KEYS = Set.of("gateway", "timestamping", "trust", "keystorePassword",
      "dropFolders", "peers", "delivery", "cluster", "audit", "auditApi", "limits", "algorithms", "listeners", "admin",
      "alerts", "console");
  private static final Set<String> PARTICIPANT_KEYS = Set.of("id", "name", "country", "kind", "sealCertificate",
      "encryptionCertificate", "sealKeystore", "encryptionKeystore", "gateway", "maySendTo", "mayReceiveFrom",
      "delivery", "languages", "profile");
  private static final Pattern POLICY_ENTRY = Pattern.compile("\\*|[A-Z]{2}(-[A-Z0-9]+)*(-?\\*)?");
  private static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?");
  private static final Set<String> KINDS = Set.of("prosecution", "court", "police", "agency", "central-authority");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  public GatewayConfig load(Path directory) throws GatewayException {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "configuration folder " + dir + " does not exist; "
          + "pass --config DIR pointing at the folder with " + GATEWAY_FILE + " and " + PARTICIPANTS_FILE);
    }
    Path gatewayFile = dir.resolve(GATEWAY_FILE);
    JsonNode g = read(gatewayFile);
    checkKeys(g, GATEWAY_KEYS, gatewayFile, "");
    rejectSecrets(g, gatewayFile, "");
    JsonNode gw = g.path("gateway");
    checkKeys(gw, Set.of("id", "sealKeystore", "sealCertificate", "tlsKeystore", "listen"), gatewayFile, "gateway.");
    String gatewayId = text(gw, "id", gatewayFile, "gateway.id", true);
    Optional<Path> gatewaySealKeystore = Optional.ofNullable(path(gw, "sealKeystore", dir, gatewayFile,
        "gateway.sealKeystore", false));
    Optional<Path> gatewaySealCertificate = Optional.ofNullable(path(gw, "sealCertificate", dir, gatewayFile,
        "gateway.sealCertificate", false));
    Optional<Path> tlsKeystore = Optional.ofNullable(path(gw, "tlsKeystore", dir, gatewayFile, "gateway.tlsKeystore",
        false));
    JsonNode listen = gw.path("listen");
    String listenHost = "127.0.0.1";
    int listenPort = 0;
    if (!listen.isMissingNode()) {
      checkKeys(listen, Set.of("host", "port"), gatewayFile, "gateway.listen.");
      listenHost = Optional.ofNullable(text(listen, "host", gatewayFile, "gateway.listen.host", false)).orElse(listenHost);
      listenPort = listen.path("port").asInt(-1);
      if (listenPort < 1 || listenPort > 65535) {
        throw error(gatewayFile, "gateway.listen.port", "is '" + listen.path("port").asText()
            + "'; give the TCP port (1..65535) on which peer gateways reach this one");
      }
      if (tlsKeystore.isEmpty()) {
        throw error(gatewayFile, "gateway.tlsKeystore", "is missing; a gateway that listens for peers needs its TLS "
            + "keystore (mlagw pki init makes gateways/ID/tls.p12)");
      }
    }
    List<GatewayConfig.PeerConfig> peers = new ArrayList<>();
    JsonNode peerList = g.path("peers");
    if (!peerList.isMissingNode()) {
      if (!peerList.isArray()) {
        throw error(gatewayFile, "peers", "must be a list of peer gateways (id, url, certificate)");
      }
      for (int i = 0; i < peerList.size(); i++) {
        JsonNode n = peerList.get(i);
        String at = "peers[" + i + "]";
        checkKeys(n, Set.of("id", "url", "certificate", "sealCertificate"), gatewayFile, at + ".");
        String url = text(n, "url", gatewayFile, at + ".url", true);
        java.net.URI uri;
        try {
          uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
          throw error(gatewayFile, at + ".url", "is not a URL: " + e.getMessage());
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
          throw error(gatewayFile, at + ".url", "is '" + url + "'; peers are reached only over HTTPS with an explicit "
              + "port, e.g. https://gw-rs.example:8443/mlagw/peer");
        }
        peers.add(new GatewayConfig.PeerConfig(text(n, "id", gatewayFile, at + ".id", true), uri,
            path(n, "certificate", dir, gatewayFile, at + ".certificate", true),
            Optional.ofNullable(path(n, "sealCertificate", dir, gatewayFile, at + ".sealCertificate", false))));
      }
    }
    if (gatewaySealKeystore.isPresent() != gatewaySealCertificate.isPresent()) {
      throw error(gatewayFile, "gateway", "must name both sealKeystore and sealCertificate (the gateway's seal for "
          + "evidences) or neither");
    }
    JsonNode trust = g.path("trust");
    if (!trust.isObject()) {
      throw error(gatewayFile, "trust", "is missing; add trust.anchors (root CA certificates, PEM) and trust.crls");
    }
    checkKeys(trust, Set.of("anchors", "intermediates", "crls"), gatewayFile, "trust.");
    List<Path> anchors = paths(trust, "anchors", dir, gatewayFile, "trust.anchors", true);
    List<Path> intermediates = paths(trust, "intermediates", dir, gatewayFile, "trust.intermediates", false);
    List<Path> crls = paths(trust, "crls", dir, gatewayFile, "trust.crls", false);
    JsonNode pw = g.path("keystorePassword");
    if (!pw.isObject()) {
      throw error(gatewayFile, "keystorePassword", "is missing; add keystorePassword.env (an environment "
          + "variable name) and/or keystorePassword.file (a file whose first line is the password)");
    }
    checkKeys(pw, Set.of("env", "file"), gatewayFile, "keystorePassword.");
    String env = text(pw, "env", gatewayFile, "keystorePassword.env", false);
    String file = text(pw, "file", gatewayFile, "keystorePassword.file", false);
    if (env == null && file == null) {
      throw error(gatewayFile, "keystorePassword", "names neither env nor file; give at least one");
    }
    SecretSource password = new SecretSource(env, file == null ? null : dir.resolve(file).normalize(),
        gatewayFile + ": keystorePassword");

    Path participantsFile = dir.resolve(PARTICIPANTS_FILE);
    JsonNode p = read(participantsFile);
    checkKeys(p, Set.of("participants"), participantsFile, "");
    rejectSecrets(p, participantsFile, "");
    JsonNode list = p.path("participants");
    if (!list.isArray() || list.isEmpty()) {
      throw error(participantsFile, "participants", "must be a non-empty list of participants");
    }
    Map<String, ParticipantConfig> participants = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String at = "participants[" + i + "]";
      checkKeys(n, PARTICIPANT_KEYS, participantsFile, at + ".");
      String id = text(n, "id", participantsFile, at + ".id", true);
      if (!PARTICIPANT_ID.matcher(id).matches()) {
        throw error(participantsFile, at + ".id", "is '" + id + "'; expected a country code and parts in capitals "
            + "separated by '-', e.g. AL-PG-TIRANA");
      }
      if (participants.containsKey(id)) {
        throw error(participantsFile, at + ".id", "'" + id + "' is listed twice; participant ids must be unique");
      }
      String kind = text(n, "kind", participantsFile, at + ".kind", false);
      if (kind != null && !KINDS.contains(kind)) {
        throw error(participantsFile, at + ".kind", "is '" + kind + "'; allowed: " + String.join(", ", KINDS));
      }
      participants.put(id, new ParticipantConfig(id,
          Optional.ofNullable(text(n, "name", participantsFile, at + ".name", false)).orElse(id),
          Optional.ofNullable(text(n, "country", participantsFile, at + ".country", false)).orElse(id.substring(0, 2)),
          kind == null ? "prosecution" : kind,
          path(n, "sealCertificate", dir, participantsFile, at + ".sealCertificate", true),
          path(n, "encryptionCertificate", dir, participantsFile, at + ".encryptionCertificate", true),
          Optional.ofNullable(path(n, "sealKeystore", dir, participantsFile, at + ".sealKeystore", false)),
          Optional.ofNullable(path(n, "encryptionKeystore", dir, participantsFile, at + ".encryptionKeystore", false)),
          Optional.ofNullable(text(n, "gateway", participantsFile, at + ".gateway", false)),
          policy(n, "maySendTo", participantsFile, at),
          policy(n, "mayReceiveFrom", participantsFile, at),
          delivery(n.path("delivery"), dir, participantsFile, at + ".delivery"),
          languages(n, participantsFile, at + ".languages"), text(n, "profile", participantsFile, at + ".profile", false)));
    }
    JsonNode drop = g.path("dropFolders");
    Optional<Path> dropRoot = Optional.empty();
    int pollMillis = 200;
    boolean allowHardLinks = false;
    if (!drop.isMissingNode()) {
      checkKeys(drop, Set.of("root", "pollMillis", "allowHardLinks"), gatewayFile, "dropFolders.");
      if (drop.has("allowHardLinks")) {
        if (!drop.get("allowHardLinks").isBoolean()) {
          throw error(gatewayFile, "dropFolders.allowHardLinks", "is '" + drop.get("allowHardLinks").asText()
              + "'; write true or false (default false: a hard-linked file in a submission is refused)");
        }
        allowHardLinks = drop.get("allowHardLinks").asBoolean();
      }
      String root = text(drop, "root", gatewayFile, "dropFolders.root", true);
      dropRoot = Optional.of(dir.resolve(root).normalize());
      if (drop.has("pollMillis")) {
        pollMillis = drop.get("pollMillis").asInt(-1);
        if (pollMillis < 50 || pollMillis > 60_000) {
          throw error(gatewayFile, "dropFolders.pollMillis", "is " + drop.get("pollMillis").asText()
              + "; allowed: 50 to 60000 (milliseconds between looks into the outboxes)");
        }
      }
    }
    java.util.Set<String> peerIds = new java.util.HashSet<>();
    for (GatewayConfig.PeerConfig peer : peers) {
      if (!peerIds.add(peer.id()) || peer.id().equals(gatewayId)) {
        throw error(gatewayFile, "peers", "lists '" + peer.id() + "' twice or as this gateway itself; peer ids are unique");
      }
    }
    int index = 0;
    for (ParticipantConfig pc : participants.values()) {
      if (!pc.isHosted() && pc.delivery().kind() != DeliveryChannel.Kind.INBOX) {
        throw error(participantsFile, "participants[" + index + "].delivery", "is set for " + pc.id() + ", which is not "
            + "hosted here (no keystores); the delivery channel is configured at the gateway that hosts it");
      }
      String at = "participants[" + index++ + "].gateway";
      if (pc.gateway().isPresent()) {
        String gwId = pc.gateway().get();
        if (pc.isHosted() && !gwId.equals(gatewayId)) {
          throw error(participantsFile, at, "is '" + gwId + "' but " + pc.id() + " has keystores here, so it is hosted "
              + "by this gateway (" + gatewayId + "); remove the keystores or the gateway setting");
        }
        if (!pc.isHosted() && !peerIds.contains(gwId)) {
          throw error(participantsFile, at, "is '" + gwId + "', which is not in peers: of " + gatewayFile
              + "; add the peer gateway (id, url, certificate) or fix the id");
        }
      }
    }
    ClusterConfig cluster = ClusterSettingsReader.cluster(g, gatewayFile);
    AuditStoreConfig auditStore = ClusterSettingsReader.audit(g, dir, gatewayFile, cluster);
    OpsSettingsReader.read(g, dir, gatewayFile, tlsKeystore.isPresent(), listenPort); // admin:, alerts: (the node reads them again)
    TimestampingSettings.read(g.path("timestamping"), dir, gatewayFile); // timestamping: (GatewayKeys reads it again)
    return new GatewayConfig(dir, gatewayId, anchors, intermediates, crls, password, participants, dropRoot,
        pollMillis, gatewaySealKeystore, gatewaySealCertificate, tlsKeystore, listenHost, listenPort, peers,
        retry(g.path("delivery"), gatewayFile), audit(g.path("audit"), gatewayFile), cluster, auditStore,
        auditApi(g.path("auditApi"), gatewayFile, tlsKeystore.isPresent(), listenPort),
        limits(g.path("limits"), gatewayFile), algorithms(g.path("algorithms"), gatewayFile), allowHardLinks,
        listeners(g.path("listeners"), gatewayFile));
  }

  /** gateway.yaml algorithms: {allowRsa2048: false}; absent: the strict defaults. */
  private static GatewayConfig.AlgorithmSettings algorithms(JsonNode n, Path file) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return GatewayConfig.AlgorithmSettings.DEFAULTS;
    }
    if (!n.isObject()) {
      throw error(file, "algorithms", "must be a map, e.g. algorithms: {allowRsa2048: false}");
    }
    checkKeys(n, Set.of("allowRsa2048"), file, "algorithms.");
    JsonNode allow = n.path("allowRsa2048");
    if (allow.isMissingNode()) {
      return GatewayConfig.AlgorithmSettings.DEFAULTS;
    }
    if (!allow.isBoolean()) {
      throw error(file, "algorithms.allowRsa2048", "is '" + allow.asText() + "'; write true (accept 2048-bit RSA "
          + "from legacy partners, with a warning) or false (the default: RSA 3072+ or EC only)");
    }
    return new GatewayConfig.AlgorithmSettings(allow.booleanValue());
  }

  /** gateway.yaml listeners: timeouts, minimum body rate and concurrency limits; absent keys keep their defaults. */
  private static ListenerSettings listeners(JsonNode n, Path file) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return ListenerSettings.DEFAULTS;
    }
    checkKeys(n, Set.of("readTimeout", "idleTimeout", "minDataRate", "maxConcurrentPerClient", "maxConcurrent"), file,
        "listeners.");
    ListenerSettings d = ListenerSettings.DEFAULTS;
    java.time.Duration read = duration(n, "readTimeout", "listeners.", d.readTimeout(), file);
    java.time.Duration idle = duration(n, "idleTimeout", "listeners.", d.idleTimeout(), file);
    long rate = d.minDataRate();
    if (n.has("minDataRate")) {
      String value = n.path("minDataRate").asText().strip().toLowerCase(java.util.Locale.ROOT);
      java.util.regex.Matcher m = SIZE.matcher(value);
      if (!m.matches() || m.group(1).length() > 12) {
        throw error(file, "listeners.minDataRate", "is '" + value + "'; write bytes per second, or with k or m "
            + "(e.g. 1k), or 0 to turn the check off");
      }
      rate = Long.parseLong(m.group(1)) << ("k".equals(m.group(2)) ? 10 : "m".equals(m.group(2)) ? 20
          : "g".equals(m.group(2)) ? 30 : 0);
    }
    int perClient = count(n, "maxConcurrentPerClient", d.maxConcurrentPerClient(), file);
    int all = count(n, "maxConcurrent", d.maxConcurrent(), file);
    if (perClient > all) {
      throw error(file, "listeners.maxConcurrentPerClient", "is " + perClient + ", more than listeners.maxConcurrent ("
          + all + "); one client cannot have more requests in progress than the whole listener");
    }
    if (read.toMillis() > Integer.MAX_VALUE || idle.toMillis() > Integer.MAX_VALUE) {
      throw error(file, "listeners", "has a timeout over 24 days; write at most 24d");
    }
    return new ListenerSettings(read, idle, rate, perClient, all);
  }

  private static int count(JsonNode n, String key, int fallback, Path file) throws GatewayException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > 10_000) {
      throw error(file, "listeners." + key, "is '" + v.asText() + "'; write a whole number from 1 to 10000");
    }
    return v.asInt();
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)");

  /** gateway.yaml limits: sizes as 500k, 200m, 8g (bytes without a unit); absent: no limit. */
  private static Limits limits(JsonNode n, Path file) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return Limits.NONE;
    }
    checkKeys(n, Set.of("maxPackageSize", "maxSubmissionSize"), file, "limits.");
    return new Limits(size(n, "maxPackageSize", file), size(n, "maxSubmissionSize", file));
  }

  private static long size(JsonNode n, String key, Path file) throws GatewayException {
    String value = text(n, key, file, "limits." + key, false);
    if (value == null) {
      return Long.MAX_VALUE;
    }
    java.util.regex.Matcher m = SIZE.matcher(value.toLowerCase(java.util.Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw error(file, "limits." + key, "is '" + value + "'; write a positive size: bytes, or with k, m or g (e.g. 8g)");
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> 0;
    };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** gateway.yaml auditApi: {listen: {host, port}}; absent: the audit API is off. */
  private static Optional<AuditApiSettings> auditApi(JsonNode n, Path file, boolean hasTls, int peerPort)
      throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    checkKeys(n, Set.of("listen"), file, "auditApi.");
    JsonNode listen = n.path("listen");
    if (!listen.isObject()) {
      throw error(file, "auditApi.listen", "is missing; give auditApi: {listen: {host: 127.0.0.1, port: 8444}} or "
          + "remove auditApi to keep the audit API off");
    }
    checkKeys(listen, Set.of("host", "port"), file, "auditApi.listen.");
    String host = Optional.ofNullable(text(listen, "host", file, "auditApi.listen.host", false)).orElse("127.0.0.1");
    int port = listen.path("port").asInt(-1);
    if (port < 1 || port > 65535) {
      throw error(file, "auditApi.listen.port", "is '" + listen.path("port").asText()
          + "'; give the TCP port (1..65535) on which auditors reach the audit API, e.g. 8444");
    }
    if (port == peerPort) {
      throw error(file, "auditApi.listen.port", "is " + port + ", the same as gateway.listen.port; give the audit API "
          + "a port of its own, e.g. 8444");
    }
    if (!hasTls) {
      throw error(file, "gateway.tlsKeystore", "is missing; the audit API serves HTTPS with the gateway's TLS "
          + "keystore (mlagw pki init makes gateways/ID/tls.p12)");
    }
    return Optional.of(new AuditApiSettings(host, port));
  }

  /** gateway.yaml delivery: retry timing; absent keys keep their defaults (RetrySettings.DEFAULT). */
  private static RetrySettings retry(JsonNode n, Path file) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return RetrySettings.DEFAULT;
    }
    checkKeys(n, Set.of("firstRetryDelay", "maxRetryDelay", "deadline"), file, "delivery.");
    RetrySettings d = RetrySettings.DEFAULT;
    java.time.Duration first = duration(n, "firstRetryDelay", d.firstDelay(), file);
    java.time.Duration max = duration(n, "maxRetryDelay", d.maxDelay(), file);
    java.time.Duration deadline = duration(n, "deadline", d.deadline(), file);
    if (max.compareTo(first) < 0 || deadline.compareTo(first) < 0) {
      throw error(file, "delivery", "needs firstRetryDelay <= maxRetryDelay and firstRetryDelay <= deadline; got "
          + first + ", " + max + ", " + deadline);
    }
    return new RetrySettings(first, max, deadline);
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** A duration written as a number and a unit: 500ms, 30s, 5m, 24h, 2d. */
  private static java.time.Duration duration(JsonNode n, String key, java.time.Duration fallback, Path file)
      throws GatewayException {
    return duration(n, key, "delivery.", fallback, file);
  }

  /** A duration under {@code prefix} (e.g. "listeners."), written as in {@link #duration(JsonNode, String, java.time.Duration, Path)}. */
  private static java.time.Duration duration(JsonNode n, String key, String prefix, java.time.Duration fallback,
      Path file) throws GatewayException {
    String value = text(n, key, file, prefix + key, false);
    if (value == null) {
      return fallback;
    }
    java.util.regex.Matcher m = DURATION.matcher(value);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw error(file, prefix + key, "is '" + value + "'; write a positive number and a unit: 500ms, 30s, 5m, 24h or 2d");
    }
    long amount = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms": return java.time.Duration.ofMillis(amount);
      case "s": return java.time.Duration.ofSeconds(amount);
      case "m": return java.time.Duration.ofMinutes(amount);
      case "h": return java.time.Duration.ofHours(amount);
      default: return java.time.Duration.ofDays(amount);
    }
  }

  /** A policy list (ids, PREFIX-* or *); absent means anyone. */
  private static List<String> policy(JsonNode n, String key, Path file, String at) throws GatewayException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return ParticipantConfig.ANYONE;
    }
    if (!v.isArray()) {
      throw error(file, at + "." + key, "must be a list of participant ids, prefixes ending in * (RS-*) or * (anyone)");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String entry = v.get(i).asText().strip();
      if (!POLICY_ENTRY.matcher(entry).matches()) {
        throw error(file, at + "." + key + "[" + i + "]", "is '" + entry + "'; expected a participant id (RS-HC-BELGRADE), "
            + "a prefix ending in * (RS-*) or * (anyone)");
      }
      out.add(entry);
    }
    return out;
  }

  /** The delivery channel of a participant; absent means the inbox folder only. */
  private static DeliveryChannel delivery(JsonNode n, Path dir, Path file, String at) throws GatewayException {
    if (n.isMissingNode() || n.isNull()) {
      return DeliveryChannel.INBOX_ONLY;
    }
    checkKeys(n, Set.of("channel", "url", "certificate"), file, at + ".");
    String channel = text(n, "channel", file, at + ".channel", true);
    DeliveryChannel.Kind kind;
    try {
      kind = DeliveryChannel.Kind.valueOf(channel.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw error(file, at + ".channel", "is '" + channel + "'; allowed: inbox, rest (a court's case-management "
          + "system), soap (an agency endpoint)");
    }
    if (kind == DeliveryChannel.Kind.INBOX) {
      return DeliveryChannel.INBOX_ONLY;
    }
    String url = text(n, "url", file, at + ".url", true);
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw error(file, at + ".url", "is not a URL: " + e.getMessage());
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
      throw error(file, at + ".url", "is '" + url + "'; " + kind.yamlName() + " delivery goes only over HTTPS with an "
          + "explicit port, e.g. https://cms.court.example:8443/mla/exchanges");
    }
    return new DeliveryChannel(kind, Optional.of(uri), Optional.of(path(n, "certificate", dir, file, at + ".certificate",
        true)));
  }

  private static AuditSettings audit(JsonNode audit, Path file) throws GatewayException {
    if (audit.isMissingNode()) {
      return AuditSettings.defaults();
    }
    checkKeys(audit, Set.of("checkpointIntervalSeconds", "store", "h2File", "jdbcUrl", "jdbcUser", "jdbcPassword"), file,
        "audit.");
    JsonNode interval = audit.path("checkpointIntervalSeconds");
    if (interval.isMissingNode()) {
      return AuditSettings.defaults();
    }
    int seconds = interval.canConvertToInt() && interval.isIntegralNumber() ? interval.asInt() : -1;
    if (seconds < AuditSettings.MIN_INTERVAL_SECONDS || seconds > AuditSettings.MAX_INTERVAL_SECONDS) {
      throw error(file, "audit.checkpointIntervalSeconds", "is '" + interval.asText() + "'; allowed: "
          + AuditSettings.MIN_INTERVAL_SECONDS + " to " + AuditSettings.MAX_INTERVAL_SECONDS
          + " (seconds between signed checkpoints of the audit log; default " + AuditSettings.DEFAULT_INTERVAL_SECONDS + ")");
    }
    return new AuditSettings(java.time.Duration.ofSeconds(seconds));
  }

  private JsonNode read(Path file) throws GatewayException {
    if (!Files.isRegularFile(file)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, file + " is missing; every configuration folder needs "
          + GATEWAY_FILE + " and " + PARTICIPANTS_FILE + " (see config/ in the distribution for an example)");
    }
    try {
      JsonNode node = yaml.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, file + " is empty or not a YAML mapping");
      }
      return node;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "not valid YAML: " + YamlErrors.describe(file, e), e);
    }
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, Path file, String prefix) throws GatewayException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key) && !key.toLowerCase().contains("password")) {
        throw error(file, prefix + key, "is not a known setting; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static void rejectSecrets(JsonNode node, Path file, String prefix) throws GatewayException {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      if (e.getKey().toLowerCase().contains("password") && !e.getKey().equals("keystorePassword")
          && !key.equals("audit.jdbcPassword") && !OpsSettingsReader.PASSWORD_REFERENCES.contains(key)) {
        throw error(file, key, "holds a secret, and secrets never go into YAML; put the password in an "
            + "environment variable or a file and reference it with keystorePassword.env / keystorePassword.file");
      }
      if (e.getValue().isObject()) {
        rejectSecrets(e.getValue(), file, key + ".");
      } else if (e.getValue().isArray()) {
        for (int i = 0; i < e.getValue().size(); i++) {
          if (e.getValue().get(i).isObject()) {
            rejectSecrets(e.getValue().get(i), file, key + "[" + i + "].");
          }
        }
      }
    }
  }

  private static String text(JsonNode node, String key, Path file, String path, boolean required)
      throws GatewayException {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw error(file, path, "is missing");
      }
      return null;
    }
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw error(file, path, "must be a non-empty text value");
    }
    return v.asText().strip();
  }

  /** Optional list of language tags (first = preferred); null when absent (defaults from the country). */
  private static List<String> languages(JsonNode node, Path file, String at) throws GatewayException {
    JsonNode v = node.get("languages");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray() || v.isEmpty()) {
      throw error(file, at, "must be a list of language tags, preferred first, e.g. [sr-Cyrl, en]");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String tag = v.get(i).asText("");
      if (!LANGUAGE_TAG.matcher(tag).matches()) {
        throw error(file, at + "[" + i + "]", "is '" + tag + "'; write a language tag such as sq, sr-Latn, sr-Cyrl, "
            + "mk, bs, hr, sl, en, de, it, fr, nl");
      }
      out.add(tag);
    }
    return out;
  }

  private static Path path(JsonNode node, String key, Path dir, Path file, String at, boolean required)
      throws GatewayException {
    String value = text(node, key, file, at, required);
    if (value == null) {
      return null;
    }
    Path p = dir.resolve(value).normalize();
    if (!Files.isRegularFile(p)) {
      throw error(file, at, "points at " + p + ", which does not exist; fix the path (relative to " + dir
          + ") or create the file (mlagw pki init makes a sample PKI)");
    }
    return p;
  }

  private static List<Path> paths(JsonNode node, String key, Path dir, Path file, String at, boolean required)
      throws GatewayException {
    JsonNode v = node.get(key);
    List<Path> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      if (required) {
        throw error(file, at, "is missing; list at least one file");
      }
      return out;
    }
    if (!v.isArray()) {
      throw error(file, at, "must be a list of file paths");
    }
    for (int i = 0; i < v.size(); i++) {
      String value = v.get(i).asText();
      Path p = dir.resolve(value).normalize();
      if (!Files.isRegularFile(p)) {
        throw error(file, at + "[" + i + "]", "points at " + p + ", which does not exist; fix the path (relative to "
            + dir + ")");
      }
      out.add(p);
    }
    if (required && out.isEmpty()) {
      throw error(file, at, "is empty; list at least one file");
    }
    return out;
  }

  static GatewayException error(Path file, String key, String problem) {
    return new GatewayException(ReasonCode.CONFIG_INVALID, file + ": " + key + " " + problem);
  }
}
