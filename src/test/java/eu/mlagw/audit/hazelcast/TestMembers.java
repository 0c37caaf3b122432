package eu.mlagw.audit.hazelcast;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.config.ClusterConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real Hazelcast members on loopback (free ports), all behind one database, for the store tests. */
final class TestMembers implements AutoCloseable {
  final List<GatewayCluster> members = new ArrayList<>();
  final List<HazelcastAuditStore> stores = new ArrayList<>();
  private final AuditStoreConfig database;
  private final List<Integer> ports = new ArrayList<>();
  private final Map<String, String> environment;

  private TestMembers(AuditStoreConfig database, int count, Map<String, String> environment) throws IOException {
    this.database = database;
    this.environment = environment;
    for (int i = 0; i < count; i++) {
      ports.add(freePort());
    }
  }

  /** Starts {@code count} members (backup-count 1) that find each other by TCP-IP, and a store on each. */
  static TestMembers start(AuditStoreConfig database, int count) throws Exception {
    return start(database, count, Map.of());
  }

  /** As {@link #start(AuditStoreConfig, int)}, with the database password taken from {@code environment}. */
  static TestMembers start(AuditStoreConfig database, int count, Map<String, String> environment) throws Exception {
    TestMembers t = new TestMembers(database, count, environment);
    t.startAll();
    return t;
  }

  /** Starts the members again on the same ports (after {@link #stopAll}). */
  void startAll() throws Exception {
    List<String> all = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    for (int i = 0; i < ports.size(); i++) {
      GatewayCluster m = GatewayCluster.start("gw-test", new ClusterConfig("node-" + (i + 1), ports.get(i), "127.0.0.1",
          all, 1), database, environment);
      members.add(m);
    }
    for (GatewayCluster m : members) {
      stores.add(HazelcastAuditStore.open(m));
    }
  }

  /** Stops every member gracefully (the log stays in the database only). */
  void stopAll() {
    stores.forEach(HazelcastAuditStore::close);
    members.forEach(GatewayCluster::close);
    stores.clear();
    members.clear();
  }

  @Override
  public void close() {
    stopAll();
  }

  static AuditRecord record(String exchange) {
    return AuditRecord.of(AuditEventType.PACKAGE_SENT, exchange).withParties("AL-PG-TIRANA", "RS-HC-BELGRADE")
        .withDetails(Map.of("peer", "gw-rs", "attempt", "1"));
  }

  static int freePort() throws IOException {
    // below the ephemeral range: a port an outgoing connection cannot take while a listener is restarted
    return eu.mlagw.config.SamplePorts.free();
  }
}
