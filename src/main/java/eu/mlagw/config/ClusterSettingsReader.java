package eu.mlagw.config;

import com.fasterxml.jackson.databind.JsonNode;
import eu.mlagw.error.GatewayException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the {@code cluster:} and {@code audit:} sections of gateway.yaml. Both are optional: without
 * them the node is a single embedded member on 127.0.0.1:5701 named after the host, and the audit
 * log goes to an H2 file {@code data/audit} under the configuration folder. Errors name file, key,
 * problem and fix (CONFIG_INVALID).
 */
final class ClusterSettingsReader {
  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}");

  private ClusterSettingsReader() {}

  static ClusterConfig cluster(JsonNode root, Path file) throws GatewayException {
    JsonNode c = root.path("cluster");
    if (c.isMissingNode() || c.isNull()) {
      return new ClusterConfig(ClusterConfig.defaultNodeName(), ClusterConfig.DEFAULT_PORT, "127.0.0.1", List.of(), 1);
    }
    if (!c.isObject()) {
      throw ConfigLoader.error(file, "cluster", "must be a mapping (nodeName, port, interface, members, backupCount)");
    }
    keys(c, Set.of("nodeName", "port", "interface", "members", "backupCount"), file, "cluster.");
    String nodeName = Optional.ofNullable(text(c, "nodeName", file, "cluster.nodeName")).orElse(ClusterConfig.defaultNodeName());
    int port = ClusterConfig.DEFAULT_PORT;
    if (c.has("port")) {
      port = c.get("port").asInt(-1);
      if (!c.get("port").canConvertToInt() || port < 1 || port > 65535) {
        throw ConfigLoader.error(file, "cluster.port", "is '" + c.get("port").asText() + "'; give the TCP port (1..65535) "
            + "of this node's cluster member, e.g. 5701 (the same port must be open between the nodes)");
      }
    }
    String iface = Optional.ofNullable(text(c, "interface", file, "cluster.interface")).orElse("127.0.0.1");
    List<String> members = new ArrayList<>();
    JsonNode list = c.path("members");
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw ConfigLoader.error(file, "cluster.members", "must be a list of host:port, e.g. [10.0.0.2:5701]");
      }
      for (int i = 0; i < list.size(); i++) {
        String m = list.get(i).asText().strip();
        if (!MEMBER.matcher(m).matches()) {
          throw ConfigLoader.error(file, "cluster.members[" + i + "]", "is '" + m + "'; expected host:port of another "
              + "node's cluster member, e.g. 10.0.0.2:5701");
        }
        members.add(m);
      }
    }
    int backupCount = 1;
    if (c.has("backupCount")) {
      backupCount = c.get("backupCount").asInt(0);
      if (!c.get("backupCount").canConvertToInt() || backupCount < 1 || backupCount > 6) {
        throw ConfigLoader.error(file, "cluster.backupCount", "is '" + c.get("backupCount").asText() + "'; allowed: 1 to 6 "
            + "(every audit entry is held by this many other members besides its owner; 0 would lose entries when a "
            + "member dies)");
      }
    }
    return new ClusterConfig(nodeName, port, iface, members, backupCount);
  }

  static AuditStoreConfig audit(JsonNode root, Path dir, Path file, ClusterConfig cluster) throws GatewayException {
    JsonNode a = root.path("audit");
    if (a.isMissingNode() || a.isNull()) {
      h2AloneOnly(cluster, file);
      return AuditStoreConfig.h2(dir.resolve(AuditStoreConfig.DEFAULT_H2_FILE));
    }
    if (!a.isObject()) {
      throw ConfigLoader.error(file, "audit", "must be a mapping (store, h2File, jdbcUrl, jdbcUser, jdbcPassword)");
    }
    keys(a, Set.of("store", "h2File", "jdbcUrl", "jdbcUser", "jdbcPassword", "checkpointIntervalSeconds"), file,
        "audit.");
    String store = Optional.ofNullable(text(a, "store", file, "audit.store")).orElse("h2");
    if (store.equals("h2")) {
      for (String k : List.of("jdbcUrl", "jdbcUser", "jdbcPassword")) {
        if (a.has(k)) {
          throw ConfigLoader.error(file, "audit." + k, "is set but audit.store is h2; remove it or set store: postgresql");
        }
      }
      h2AloneOnly(cluster, file);
      String h2 = Optional.ofNullable(text(a, "h2File", file, "audit.h2File")).orElse(AuditStoreConfig.DEFAULT_H2_FILE);
      return AuditStoreConfig.h2(dir.resolve(h2).normalize());
    }
    if (!store.equals("postgresql")) {
      throw ConfigLoader.error(file, "audit.store", "is '" + store + "'; allowed: h2 (default, a file under the config "
          + "folder) or postgresql");
    }
    if (a.has("h2File")) {
      throw ConfigLoader.error(file, "audit.h2File", "is set but audit.store is postgresql; remove it");
    }
    String url = text(a, "jdbcUrl", file, "audit.jdbcUrl");
    if (url == null || !url.startsWith("jdbc:postgresql://")) {
      throw ConfigLoader.error(file, "audit.jdbcUrl", (url == null ? "is missing" : "is '" + url + "'")
          + "; give the PostgreSQL database as jdbc:postgresql://HOST:PORT/DATABASE");
    }
    String user = text(a, "jdbcUser", file, "audit.jdbcUser");
    if (user == null) {
      throw ConfigLoader.error(file, "audit.jdbcUser", "is missing; give the database user the gateway connects as");
    }
    JsonNode pw = a.path("jdbcPassword");
    if (!pw.isObject()) {
      throw ConfigLoader.error(file, "audit.jdbcPassword", "is missing or not a mapping; give jdbcPassword.env (an "
          + "environment variable name) and/or jdbcPassword.file (a file whose first line is the password)");
    }
    keys(pw, Set.of("env", "file"), file, "audit.jdbcPassword.");
    String env = text(pw, "env", file, "audit.jdbcPassword.env");
    String pwFile = text(pw, "file", file, "audit.jdbcPassword.file");
    if (env == null && pwFile == null) {
      throw ConfigLoader.error(file, "audit.jdbcPassword", "names neither env nor file; give at least one");
    }
    return AuditStoreConfig.postgresql(url, user, new SecretSource(env, pwFile == null ? null
        : dir.resolve(pwFile).normalize(), file + ": audit.jdbcPassword"));
  }

  private static void h2AloneOnly(ClusterConfig cluster, Path file) throws GatewayException {
    if (!cluster.members().isEmpty()) {
      throw ConfigLoader.error(file, "audit.store", "is h2 (the default) but cluster.members lists other nodes; an H2 "
          + "file is on this machine only, so other nodes could not reload the log from it. Use store: postgresql "
          + "(one database shared by all nodes) or remove cluster.members");
    }
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
      throw ConfigLoader.error(file, at, "must be a non-empty text value");
    }
    return v.asText().strip();
  }
}
