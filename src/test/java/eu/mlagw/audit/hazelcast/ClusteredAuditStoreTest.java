package eu.mlagw.audit.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventCodec;
import eu.mlagw.config.AuditStoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real members (backup-count 1) behind one H2 file: one is killed during a stream of appends
 * from several threads on every member; then the cluster is stopped and restarted from the database;
 * then a row is altered behind the store.
 */
class ClusteredAuditStoreTest {
  @TempDir Path dir;

  @Test
  void killingAMemberLosesNothingAndARestartReloadsIdenticalBytesAndShowsAlteredRows() throws Exception {
    AuditStoreConfig h2 = AuditStoreConfig.h2(dir.resolve("audit"));
    Map<Long, AuditEvent> returned = new ConcurrentHashMap<>();
    try (TestMembers cluster = TestMembers.start(h2, 3)) {
      assertEquals(3, cluster.members.get(0).hazelcast().getCluster().getMembers().size());
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(9);
      List<Future<Integer>> failures = new ArrayList<>();
      for (int t = 0; t < 9; t++) {
        HazelcastAuditStore store = cluster.stores.get(t % 3);
        int thread = t;
        failures.add(pool.submit(() -> {
          int failed = 0;
          for (int i = 0; !stop.get(); i++) {
            try {
              AuditEvent e = store.append(TestMembers.record("ex-" + thread + "-" + i), Instant.now());
              assertEquals(null, returned.put(e.sequence(), e), "sequence given twice: " + e.sequence());
            } catch (AuditStoreException e) {
              failed++; // appends through the killed member
              Thread.sleep(5);
            }
          }
          return failed;
        }));
      }
      waitFor(() -> returned.size() >= 1500);
      // the member that owns the events chain head (the ordering point) dies: no hand-over
      int victimIndex = headOwner(cluster);
      cluster.members.get(victimIndex).terminate();
      int atKill = returned.size();
      waitFor(() -> returned.size() >= atKill + 1500);
      stop.set(true);
      int failed = 0;
      for (Future<Integer> f : failures) {
        failed += f.get();
      }
      pool.shutdown();
      cluster.stores.remove(victimIndex).close();
      cluster.members.remove(victimIndex);

      HazelcastAuditStore survivor = cluster.stores.get(0);
      long size = survivor.size();
      assertTrue(size >= returned.size(), "size " + size + " < " + returned.size() + " returned appends");
      List<AuditEvent> log = survivor.read(0, size);
      Map<String, Long> seen = new HashMap<>();
      for (int i = 0; i < log.size(); i++) {
        AuditEvent e = log.get(i);
        assertEquals(i, e.sequence());
        Long earlier = seen.put(e.record().exchangeId(), e.sequence());
        assertEquals(null, earlier, "recorded twice: " + e.record().exchangeId());
      }
      for (AuditEvent e : returned.values()) {
        assertEquals(e, log.get((int) e.sequence()), "an append that returned is readable as returned");
      }
      System.out.printf("killed member: %d appends returned, %d failed on the killed member, log size %d%n",
          returned.size(), failed, size);

      // stop every member: the log lives on in the database only; restart reloads it (EAGER)
      byte[][] before = bytes(cluster.stores.get(1), size);
      cluster.stopAll();
      cluster.startAll();
      for (HazelcastAuditStore s : cluster.stores) {
        assertEquals(size, s.size());
      }
      assertArraysEqual(before, bytes(cluster.stores.get(2), size));
      assertEquals(before.length, cluster.members.get(0).hazelcast().getMap(GatewayCluster.EVENTS_MAP).size(),
          "every event was loaded into memory at start (EAGER)");
      AuditEvent next = cluster.stores.get(1).append(TestMembers.record("after-restart"), Instant.now());
      assertEquals(size, next.sequence());

      // alter rows behind the store, restart: the altered event comes back different, a broken one is named
      cluster.stopAll();
      AuditEvent victim = log.get(10);
      AuditEvent forged = new AuditEvent(victim.sequence(), victim.time(), victim.node(), victim.gateway(),
          victim.record().withParties("AL-PG-TIRANA", "XK-PG-PRISHTINA"));
      try (Connection c = DriverManager.getConnection(AuditDatabase.h2Url(dir.resolve("audit")),
          "mlagw", "");
          PreparedStatement u = c.prepareStatement("UPDATE audit_events SET bytes = ? WHERE seq = ?")) {
        u.setBytes(1, AuditEventCodec.encode(forged));
        u.setLong(2, 10);
        assertEquals(1, u.executeUpdate());
        u.setBytes(1, "{\"v\":1,\"seq\":11,\"garbage\":true}".getBytes(StandardCharsets.UTF_8));
        u.setLong(2, 11);
        assertEquals(1, u.executeUpdate());
      }
      cluster.startAll();
      HazelcastAuditStore reopened = cluster.stores.get(0);
      AuditEvent altered = reopened.read(10, 11).get(0);
      assertNotEquals(victim, altered);
      assertEquals("XK-PG-PRISHTINA", altered.record().recipient());
      assertNotEquals(new String(AuditEventCodec.encode(victim), StandardCharsets.UTF_8),
          new String(AuditEventCodec.encode(altered), StandardCharsets.UTF_8));
      eu.mlagw.audit.StoreDamageException broken = assertThrows(eu.mlagw.audit.StoreDamageException.class,
          () -> reopened.read(0, 20));
      assertEquals(eu.mlagw.audit.AuditFailure.EVENT_UNREADABLE, broken.failure());
      assertTrue(broken.getMessage().startsWith("audit event 11 "), broken.getMessage());
      assertEquals(log.subList(12, 100), reopened.read(12, 100));
    }
  }

  private static int headOwner(TestMembers cluster) {
    java.util.UUID owner = cluster.members.get(0).hazelcast().getPartitionService()
        .getPartition(ChainTable.EVENTS.headKey()).getOwner().getUuid();
    for (int i = 0; i < cluster.members.size(); i++) {
      if (cluster.members.get(i).hazelcast().getCluster().getLocalMember().getUuid().equals(owner)) {
        return i;
      }
    }
    throw new AssertionError("no member owns the head");
  }

  private static byte[][] bytes(HazelcastAuditStore store, long size) {
    return store.read(0, size).stream().map(AuditEventCodec::encode).toArray(byte[][]::new);
  }

  private static void assertArraysEqual(byte[][] expected, byte[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], "event " + i);
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(10);
    }
  }
}
