package eu.mlagw.audit.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.config.ClusterConfig;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.Map;

/**
 * This node's member of the gateway's Hazelcast cluster (cluster name {@code mlagw-GATEWAYID}): joins
 * the configured members over TCP-IP (no multicast, no auto-detection, no phone-home, logging via
 * SLF4J, exactly the configured port), and configures the audit maps with the configured
 * backup-count, synchronous backups and the database behind them (EAGER initial load of the log).
 * Owns the {@link HazelcastInstance}; other parts of the gateway (routing's idempotent delivery) use
 * {@link #hazelcast()}. {@link #close()} leaves the cluster gracefully (partitions are handed over
 * first) and closes the database connections.
 */
public final class GatewayCluster implements AutoCloseable {
  /** The events of the audit log, by sequence number. */
  public static final String EVENTS_MAP = "mlagw-audit-events";
  /** The signed checkpoints, by index. */
  public static final String CHECKPOINTS_MAP = "mlagw-audit-checkpoints";
  /** The chain heads: one entry per chain, the single point that orders appends. */
  public static final String HEADS_MAP = "mlagw-audit-heads";
  /** Where a member's {@link AuditDatabase} sits in its user context (for {@link ForceAuditToDisk}). */
  static final String DATABASE_CONTEXT_KEY = "mlagw-audit-database";

  private final HazelcastInstance hazelcast;
  private final String nodeName;
  private final String gatewayId;

  private final AuditDatabase database;

  private GatewayCluster(HazelcastInstance hazelcast, AuditDatabase database, String nodeName, String gatewayId) {
    this.hazelcast = hazelcast;
    this.database = database;
    this.nodeName = nodeName;
    this.gatewayId = gatewayId;
  }

  /** Starts this node's member as configured in gateway.yaml ({@code cluster:}, {@code audit:}). */
  public static GatewayCluster start(GatewayConfig config) throws GatewayException {
    return start(config.gatewayId(), config.cluster(), config.auditStore(), System.getenv());
  }

  /**
   * Starts a member of the cluster of gateway {@code gatewayId}; returns once it has joined (or,
   * without members, formed) the cluster.
   *
   * @throws GatewayException IO_ERROR if the database cannot be opened or the member cannot start
   *     (port taken, interface missing), CONFIG_INVALID if the database password cannot be resolved
   */
  public static GatewayCluster start(String gatewayId, ClusterConfig cluster, AuditStoreConfig store,
      Map<String, String> environment) throws GatewayException {
    AuditDatabase database = AuditDatabase.open(store, environment);
    Config c = new Config();
    c.setClusterName(clusterName(gatewayId));
    c.setInstanceName("mlagw-" + gatewayId + "-" + cluster.nodeName() + "-" + cluster.port());
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig n = c.getNetworkConfig();
    n.setPort(cluster.port()).setPortAutoIncrement(false);
    n.getInterfaces().setEnabled(true).addInterface(cluster.interfaceAddress());
    JoinConfig join = n.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
        .addMember(cluster.interfaceAddress() + ":" + cluster.port());
    cluster.members().forEach(m -> join.getTcpIpConfig().addMember(m));

    c.addMapConfig(map(HEADS_MAP, cluster.backupCount()).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(new ChainHeadStore(database))
            .setWriteDelaySeconds(0).setOffload(false).setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY)));
    for (ChainTable t : ChainTable.values()) {
      c.addMapConfig(map(t.mapName(), cluster.backupCount())
          .setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(new ChainTableLoader(t, database))
              .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER)));
    }
    c.addMapConfig(map(CheckpointSignerLease.MAP, cluster.backupCount()));
    c.getUserContext().put(DATABASE_CONTEXT_KEY, database);
    try {
      return new GatewayCluster(Hazelcast.newHazelcastInstance(c), database, cluster.nodeName(), gatewayId);
    } catch (RuntimeException e) {
      database.close();
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot start this node's cluster member on "
          + cluster.interfaceAddress() + ":" + cluster.port() + ": " + e.getMessage() + "; check that the port is free "
          + "and the interface exists (cluster.port, cluster.interface in gateway.yaml)", e);
    }
  }

  /** The name of gateway {@code gatewayId}'s Hazelcast cluster. */
  static String clusterName(String gatewayId) {
    return "mlagw-" + gatewayId;
  }

  private static MapConfig map(String name, int backupCount) {
    return new MapConfig(name).setBackupCount(backupCount).setAsyncBackupCount(0).setReadBackupData(false);
  }

  /** The Hazelcast member (for other clustered maps of the gateway). */
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** This node's name, written into every audit event it appends. */
  public String nodeName() {
    return nodeName;
  }

  /** The gateway this cluster serves. */
  public String gatewayId() {
    return gatewayId;
  }

  /** Forces what the audit store committed so far to the disk (see {@link AuditDatabase#forceToDisk}). */
  void forceToDisk() {
    database.forceToDisk();
  }

  @Override
  public void close() {
    try {
      hazelcast.shutdown();
    } finally {
      database.close();
    }
  }

  /** Stops this member at once, as if its machine died (no hand-over); for failure tests. */
  public void terminate() {
    try {
      hazelcast.getLifecycleService().terminate();
    } finally {
      database.close();
    }
  }
}
