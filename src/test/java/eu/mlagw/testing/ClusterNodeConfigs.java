package eu.mlagw.testing;

import eu.mlagw.config.SamplePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one gateway's sample configuration into the configurations of several nodes of that gateway
 * (one Hazelcast cluster, README "Cluster and audit store"): same gateway id, keys and drop root;
 * each node its own nodeName, member port and peer listener port (node 1 keeps the configured one,
 * the one peers call), all others listed as members; the audit log in one PostgreSQL database. Also
 * writes an auditor's configuration: a single member reading the same database, for {@code mlagw
 * audit} once the nodes are stopped.
 */
public final class ClusterNodeConfigs {
  private static final Pattern CLUSTER = Pattern.compile("cluster:\\n  interface: 127\\.0\\.0\\.1\\n  port: \\d+\\n");
  private static final Pattern LISTEN = Pattern.compile("listen: \\{host: 127\\.0\\.0\\.1, port: (\\d+)\\}");

  /** The node configurations, their peer listener ports (same order), and the auditor's configuration. */
  public record Nodes(List<Path> configs, List<Integer> listenPorts, Path auditorConfig) {}

  private ClusterNodeConfigs() {}

  /**
   * Writes {@code n} node configurations next to {@code config} ({@code config-node-1} …) from it.
   *
   * @param jdbcUrl the PostgreSQL database of the cluster's audit log, user mlagw
   * @param passwordFile file holding that user's password
   */
  public static Nodes write(Path config, int n, String jdbcUrl, Path passwordFile) throws IOException {
    return write(config, n, jdbcUrl, passwordFile, "");
  }

  /** As {@link #write(Path, int, String, Path)}, with {@code auditLines} (e.g. {@code "  checkpointIntervalSeconds: 1\n"}) added to the audit block. */
  public static Nodes write(Path config, int n, String jdbcUrl, Path passwordFile, String auditLines)
      throws IOException {
    String gateway = Files.readString(config.resolve("gateway.yaml"));
    Matcher listen = LISTEN.matcher(gateway);
    if (!CLUSTER.matcher(gateway).find() || !listen.find()) {
      throw new IllegalStateException("not a sample gateway.yaml (SampleGatewayConfig changed?):\n" + gateway);
    }
    int peerPort = Integer.parseInt(listen.group(1));
    List<Integer> memberPorts = new ArrayList<>();
    List<Integer> listenPorts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      memberPorts.add(SamplePorts.free());
      listenPorts.add(i == 0 ? peerPort : SamplePorts.free());
    }
    String audit = "audit:\n  store: postgresql\n  jdbcUrl: " + jdbcUrl + "\n  jdbcUser: mlagw\n  jdbcPassword: {file: "
        + passwordFile.toAbsolutePath() + "}\n" + auditLines;
    List<Path> configs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> members = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (j != i) {
          members.add("127.0.0.1:" + memberPorts.get(j));
        }
      }
      String cluster = "cluster:\n  nodeName: node-" + (i + 1) + "\n  interface: 127.0.0.1\n  port: " + memberPorts.get(i)
          + "\n  members: [" + String.join(", ", members) + "]\n";
      String yaml = CLUSTER.matcher(gateway).replaceFirst(Matcher.quoteReplacement(cluster));
      yaml = LISTEN.matcher(yaml).replaceFirst("listen: {host: 127.0.0.1, port: " + listenPorts.get(i) + "}");
      configs.add(copy(config, config.resolveSibling("config-node-" + (i + 1)), yaml + audit));
    }
    String auditor = CLUSTER.matcher(gateway).replaceFirst(Matcher.quoteReplacement(
        "cluster:\n  nodeName: auditor\n  interface: 127.0.0.1\n  port: " + SamplePorts.free() + "\n"));
    return new Nodes(configs, listenPorts, copy(config, config.resolveSibling("config-auditor"), auditor + audit));
  }

  private static Path copy(Path from, Path to, String gatewayYaml) throws IOException {
    Files.createDirectories(to);
    Files.copy(from.resolve("participants.yaml"), to.resolve("participants.yaml"));
    Files.writeString(to.resolve("gateway.yaml"), gatewayYaml);
    return to;
  }
}
