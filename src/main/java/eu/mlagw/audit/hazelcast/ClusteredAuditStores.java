package eu.mlagw.audit.hazelcast;

import eu.mlagw.audit.AuditStore;
import eu.mlagw.audit.AuditStoreProvider;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;

/**
 * Opens a gateway's audit store for a command ({@code mlagw audit ...}). While a node of the
 * gateway answers on this configuration's cluster address, through that node ({@link NodeClient}):
 * the node keeps its database, and the command's own audit event is appended in the node's order.
 * Otherwise the command starts a cluster member of its own with the gateway's cluster and database
 * settings — it loads the log from the database, or, with PostgreSQL and other members configured,
 * joins their cluster — and stops it when the store is closed.
 */
public final class ClusteredAuditStores implements AuditStoreProvider {
  @Override
  public AuditStore open(GatewayConfig config) throws GatewayException {
    if (NodeClient.answers(config.cluster())) {
      return NodeClient.open(config);
    }
    GatewayCluster cluster;
    try {
      cluster = GatewayCluster.start(config);
    } catch (GatewayException e) {
      if (e.reason() == ReasonCode.AUDIT_STORE_UNAVAILABLE) {
        throw new GatewayException(e.reason(), e.getMessage() + ". No node answers on this configuration's cluster "
            + "address " + config.cluster().interfaceAddress() + ":" + config.cluster().port() + " to go through: if "
            + "a node of gateway " + config.gatewayId() + " runs with another configuration, give that one (--config); "
            + "otherwise wait until the other process has ended",
            e);
      }
      throw new GatewayException(e.reason(), "cannot open the audit store of gateway " + config.gatewayId() + ": "
          + e.getMessage(), e);
    }
    try {
      return new OwnedStore(HazelcastAuditStore.open(cluster), cluster::close);
    } catch (RuntimeException e) {
      cluster.close();
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot open the audit store of gateway " + config.gatewayId()
          + ": " + e.getMessage(), e);
    }
  }
}
