package eu.mlagw.audit.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import eu.mlagw.audit.AuditStore;
import eu.mlagw.config.ClusterConfig;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The audit store of a running gateway, reached as a Hazelcast client of its cluster: how {@code
 * mlagw audit ...} works while a node runs. The node keeps its database (an H2 file is its alone);
 * the command's reads and the event recording who consulted the log and why go through the node's
 * members, appended in the same total order as the node's own events, and forced to the disk by the
 * member that wrote them ({@link ForceAuditToDisk}). A client is not a member: it opens no port,
 * owns no partition, and its coming and going moves nothing in the node's cluster.
 */
final class NodeClient {
  private static final int PROBE_MILLIS = 1000;
  private static final int CONNECT_MILLIS = 5000;
  private static final long FORCE_SECONDS = 30;

  private NodeClient() {}

  /** Whether something accepts connections on this node's cluster address (a node of the gateway, most likely). */
  static boolean answers(ClusterConfig cluster) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(cluster.interfaceAddress(), cluster.port()), PROBE_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Connects to the node answering on the configured cluster address and opens the audit store
   * through it; closing the store closes the client.
   *
   * @throws GatewayException AUDIT_STORE_UNAVAILABLE if no member of this gateway's cluster answers
   *     there (another program holds the port, or the node belongs to another configuration)
   */
  static AuditStore open(GatewayConfig config) throws GatewayException {
    ClusterConfig cluster = config.cluster();
    String address = address(cluster);
    ClientConfig c = new ClientConfig();
    c.setClusterName(GatewayCluster.clusterName(config.gatewayId()));
    c.setInstanceName("mlagw-audit-command-" + UUID.randomUUID());
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    // the answer to the client's authentication is awaited this long (default 60 s): a program on
    // the port that accepts connections and says nothing must not hold the command for a minute
    c.setProperty("hazelcast.client.heartbeat.timeout", String.valueOf(CONNECT_MILLIS));
    c.setProperty("hazelcast.client.heartbeat.interval", String.valueOf(CONNECT_MILLIS / 4));
    c.getNetworkConfig().addAddress(address).setConnectionTimeout(PROBE_MILLIS * 2);
    c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(CONNECT_MILLIS);
    HazelcastInstance client;
    try {
      client = HazelcastClient.newHazelcastClient(c);
    } catch (RuntimeException e) {
      throw new GatewayException(ReasonCode.AUDIT_STORE_UNAVAILABLE, "cannot reach the running node of gateway "
          + config.gatewayId() + ": " + address + " (cluster.interface, cluster.port in gateway.yaml) accepts "
          + "connections, but no member of the gateway's cluster " + GatewayCluster.clusterName(config.gatewayId())
          + " answered there within " + CONNECT_MILLIS / 1000 + " s. Give the configuration the node runs with "
          + "(--config), or stop the program that holds the port (" + e.getMessage() + ")", e);
    }
    Runnable force = () -> forceOnNode(client);
    HazelcastAuditStore store = HazelcastAuditStore.open(client, cluster.nodeName(), config.gatewayId(), force);
    return new OwnedStore(store, client::shutdown);
  }

  /** Has the member that wrote the events force its database to the disk; waits for it. */
  private static void forceOnNode(HazelcastInstance client) {
    try {
      client.getExecutorService(ForceAuditToDisk.class.getName())
          .submitToKeyOwner(new ForceAuditToDisk(), ChainTable.EVENTS.headKey()).get(FORCE_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new AuditStoreException("the running node did not confirm that the audit events are on its disk: "
          + e.getMessage() + "; check the node's log and its disk", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditStoreException("interrupted while the running node forced the audit events to its disk", e);
    }
  }

  private static String address(ClusterConfig cluster) {
    String host = cluster.interfaceAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + cluster.port();
  }
}
