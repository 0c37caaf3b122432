package eu.mlagw.audit.hazelcast;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditStore;
import eu.mlagw.audit.AuditStoreProvider;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.time.Instant;
import java.util.List;

/**
 * Opens a gateway's audit store for a command ({@code mlagw audit ...}): starts a cluster member
 * with the gateway's cluster and database settings — it loads the log from the database — and
 * stops it when the store is closed. With H2 this works while no node of the gateway runs (the
 * database file is the node's); with PostgreSQL and a {@code cluster.port} free on this machine, the
 * member joins the running cluster. Auditors of a running gateway use the audit REST API.
 */
public final class ClusteredAuditStores implements AuditStoreProvider {
  @Override
  public AuditStore open(GatewayConfig config) throws GatewayException {
    GatewayCluster cluster;
    try {
      cluster = GatewayCluster.start(config);
    } catch (GatewayException e) {
      throw new GatewayException(e.reason(), "cannot open the audit store of gateway " + config.gatewayId() + ": "
          + e.getMessage() + ". If a node of this gateway is running on this machine, stop it first, or query it "
          + "through the audit REST API", e);
    }
    HazelcastAuditStore store;
    try {
      store = HazelcastAuditStore.open(cluster);
    } catch (RuntimeException e) {
      cluster.close();
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot open the audit store of gateway " + config.gatewayId()
          + ": " + e.getMessage(), e);
    }
    return new Owned(store, cluster);
  }

  /** The store, closing its cluster member with it. */
  private record Owned(HazelcastAuditStore store, GatewayCluster cluster) implements AuditStore {
    @Override
    public AuditEvent append(AuditRecord record, Instant time) {
      return store.append(record, time);
    }

    @Override
    public long size() {
      return store.size();
    }

    @Override
    public List<AuditEvent> read(long from, long to) {
      return store.read(from, to);
    }

    @Override
    public void addCheckpoint(byte[] signedCheckpoint) {
      store.addCheckpoint(signedCheckpoint);
    }

    @Override
    public List<byte[]> checkpoints() {
      return store.checkpoints();
    }

    @Override
    public void close() {
      try {
        store.close();
      } finally {
        cluster.close();
      }
    }
  }
}
