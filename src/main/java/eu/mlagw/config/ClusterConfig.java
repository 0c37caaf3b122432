package eu.mlagw.config;

import java.util.List;
import java.util.Objects;

/**
 * How this node joins the gateway's Hazelcast cluster ({@code cluster:} in gateway.yaml). Immutable;
 * validated by {@link ConfigLoader}: port 1..65535 (0 only when built in code: tests pick free
 * ports), {@code backupCount >= 1}.
 *
 * @param nodeName the name of this node, written into every audit event it appends
 * @param port the member port on this node (no auto-increment: the port is exactly this one)
 * @param interfaceAddress the address the member binds to and announces (e.g. 127.0.0.1)
 * @param members other members as {@code host:port} (TCP-IP join); empty = a single embedded member
 * @param backupCount synchronous backups of every map entry on other members (at least 1)
 */
public record ClusterConfig(String nodeName, int port, String interfaceAddress, List<String> members, int backupCount) {
  /** Default member port. */
  public static final int DEFAULT_PORT = 5701;

  public ClusterConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(interfaceAddress, "interfaceAddress");
    members = List.copyOf(members);
    if (backupCount < 1) {
      throw new IllegalArgumentException("backupCount must be >= 1, got " + backupCount);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  /** A single embedded member on {@code 127.0.0.1:port} named {@code nodeName}, backup-count 1. */
  public static ClusterConfig singleMember(String nodeName, int port) {
    return new ClusterConfig(nodeName, port, "127.0.0.1", List.of(), 1);
  }

  /** The default node name: the host name, else "node-1". */
  public static String defaultNodeName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "node-1";
    }
  }
}
