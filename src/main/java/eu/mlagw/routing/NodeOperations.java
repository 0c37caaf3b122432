package eu.mlagw.routing;

import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.hazelcast.GatewayCluster;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.ops.HealthCheck;
import eu.mlagw.ops.NodeMonitoring;
import eu.mlagw.transport.PackageReceiver;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

/**
 * Connects a {@link GatewayNode} to its {@link NodeMonitoring}: the lifecycle's transitions feed the
 * exchange metrics, Camel's own route metrics (camel-micrometer) go into the same registry, and the
 * node's parts — routes, cluster, audit store, drop-folder work, stop — become gauges and readiness
 * checks. The node calls {@link #routePolicies()} before its routes start, {@link #start} once
 * they run and {@link #close} last.
 */
final class NodeOperations implements AutoCloseable {
  private final NodeMonitoring monitoring;
  private final GatewayKeys keys;
  private final String gatewayId;

  NodeOperations(eu.mlagw.config.GatewayConfig config, eu.mlagw.directory.Directory directory, GatewayKeys keys,
      java.util.Map<String, String> environment, Clock clock) throws GatewayException {
    this.keys = keys;
    this.gatewayId = directory.gatewayId();
    this.monitoring = new NodeMonitoring(config, directory, keys, environment, clock);
  }

  NodeMonitoring monitoring() {
    return monitoring;
  }

  /** Camel's per-route metrics ({@code camel_exchanges_*}), bound into the registry as a route policy factory. */
  MicrometerRoutePolicyFactory routePolicies() {
    MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
    factory.setMeterRegistry(monitoring.registry());
    return factory;
  }

  /** {@code receiver}, counting the bytes of every package it is handed ({@code mlagw_peer_received_bytes_total}). */
  PackageReceiver countingBytes(PackageReceiver receiver) {
    return (metadata, file, peer) -> {
      monitoring.exchanges().received(peer, metadata.packageSize());
      return receiver.receive(metadata, file, peer);
    };
  }

  /** Adds the node's gauges and readiness checks, then starts probing and the admin listener. */
  void start(CamelContext camel, GatewayCluster cluster, AuditLog auditLog, PendingExchanges pending, NodeStop stop)
      throws GatewayException {
    monitoring.watchAudit(auditLog.store(), eu.mlagw.audit.GatewayCheckpointKeys.verifier(keys, gatewayId));
    monitoring.gauge("mlagw.cluster.members", "Members of this gateway's cluster seen by this node",
        () -> cluster.hazelcast().getLifecycleService().isRunning() ? cluster.hazelcast().getCluster().getMembers().size() : 0);
    monitoring.gauge("mlagw.exchanges.in.flight", "Exchanges this node is working on (claimed, sealing, sending) or "
        + "that wait for their next attempt", () -> pending.working() + pending.waiting());
    monitoring.gauge("mlagw.exchanges.waiting.retry", "Exchanges waiting for their next attempt", pending::waiting);
    // the oldest member mails the alerts every node finds (certificates, the checkpoint): one e-mail per gateway
    monitoring.mailsGatewayWideAlertsWhen(() -> cluster.hazelcast().getLifecycleService().isRunning()
        && cluster.hazelcast().getCluster().getMembers().iterator().next().localMember());
    monitoring.health()
        .require("cluster", () -> clusterHealth(cluster))
        .require("routes", () -> routesHealth(camel))
        .require("running", () -> stop.stopping() ? HealthCheck.Result.down("the node is stopping")
            : HealthCheck.Result.up("accepting work"));
    monitoring.start();
  }

  private static HealthCheck.Result clusterHealth(GatewayCluster cluster) {
    if (!cluster.hazelcast().getLifecycleService().isRunning()) {
      return HealthCheck.Result.down("this node's cluster member is not running");
    }
    return HealthCheck.Result.up(cluster.hazelcast().getCluster().getMembers().size() + " member(s); this node "
        + cluster.nodeName());
  }

  private static HealthCheck.Result routesHealth(CamelContext camel) {
    if (!camel.isStarted()) {
      return HealthCheck.Result.down("Camel is " + camel.getStatus());
    }
    List<String> notStarted = new ArrayList<>();
    for (Route r : camel.getRoutes()) {
      ServiceStatus s = camel.getRouteController().getRouteStatus(r.getRouteId());
      if (s != ServiceStatus.Started) {
        notStarted.add(r.getRouteId() + " " + s);
      }
    }
    if (!notStarted.isEmpty()) {
      return HealthCheck.Result.down("routes not started: " + String.join(", ", notStarted));
    }
    return HealthCheck.Result.up(camel.getRoutes().size() + " routes started");
  }

  Optional<URI> adminUrl() {
    return monitoring.adminUrl();
  }

  @Override
  public void close() {
    monitoring.close();
  }
}
