package eu.mlagw.audit.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventCodec;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.config.AuditStoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One embedded member, H2 file behind it: the store's contract on a single node. */
class HazelcastAuditStoreTest {
  @TempDir static Path dir;
  static TestMembers cluster;
  static HazelcastAuditStore store;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestMembers.start(AuditStoreConfig.h2(dir.resolve("audit")), 1);
    store = cluster.stores.get(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void appendAssignsConsecutiveSequenceNumbersAndReadsThemBackAsAppended() {
    long base = store.size();
    Instant t = Instant.parse("2026-11-28T10:00:00.123456Z");
    List<AuditEvent> appended = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      appended.add(store.append(TestMembers.record("ex-seq-" + i).withReason(i == 3 ? eu.mlagw.error.ReasonCode.NO_ROUTE
          : null), t));
    }
    for (int i = 0; i < 20; i++) {
      assertEquals(base + i, appended.get(i).sequence());
      assertEquals("node-1", appended.get(i).node());
      assertEquals("gw-test", appended.get(i).gateway());
    }
    assertEquals(base + 20, store.size());
    assertEquals(appended, store.read(base, base + 20));
    assertEquals(appended.subList(5, 9), store.read(base + 5, base + 9));
    assertEquals(List.of(), store.read(base + 20, base + 20));
    assertEquals(Instant.parse("2026-11-28T10:00:00.123Z"), store.read(base, base + 1).get(0).time());
  }

  @Test
  void readOutsideTheLogIsRefusedWithTheRange() {
    long size = store.size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.read(0, size + 1));
    assertTrue(e.getMessage().contains("size " + size), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> store.read(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> store.read(1, 0));
  }

  @Test
  void checkpointsAreKeptInTheOrderTheyWereAdded() {
    int before = store.checkpoints().size();
    for (int i = 0; i < 5; i++) {
      store.addCheckpoint(("checkpoint " + i).getBytes(StandardCharsets.UTF_8));
    }
    List<byte[]> all = store.checkpoints();
    assertEquals(before + 5, all.size());
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(("checkpoint " + i).getBytes(StandardCharsets.UTF_8), all.get(before + i));
    }
    assertArrayEquals("checkpoint 4".getBytes(StandardCharsets.UTF_8), store.latestCheckpoint().orElseThrow());
  }

  @Test
  void concurrentAppendsFromManyThreadsAreContiguousWithoutDuplicates() throws Exception {
    long base = store.size();
    int threads = 16;
    int each = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          seqs.add(store.append(TestMembers.record("ex-" + thread + "-" + i), Instant.now()).sequence());
        }
        return seqs;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      List<Long> seqs = f.get();
      assertEquals(seqs.stream().sorted().toList(), seqs, "one thread's appends are in its order");
      all.addAll(seqs);
    }
    pool.shutdown();
    Collections.sort(all);
    for (int i = 0; i < all.size(); i++) {
      assertEquals(base + i, all.get(i));
    }
    List<AuditEvent> read = store.read(base, base + threads * each);
    assertEquals(threads * each, read.stream().map(e -> e.record().exchangeId()).distinct().count());
  }

  /**
   * The events of one state change (appendAll) stay together: contiguous sequence numbers in their
   * order, also while other threads append single events and groups of their own.
   */
  @Test
  void aGroupAppendedTogetherGetsContiguousNumbersAmongConcurrentAppends() throws Exception {
    long base = store.size();
    int threads = 8;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<List<AuditEvent>>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        List<List<AuditEvent>> groups = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          int size = 1 + (thread + i) % 4; // single events and groups of 2, 3 and 4
          List<eu.mlagw.audit.AuditRecord> records = new ArrayList<>();
          for (int k = 0; k < size; k++) {
            records.add(TestMembers.record("grp-" + thread + "-" + i + "-" + k));
          }
          groups.add(store.appendAll(records, Instant.now()));
        }
        return groups;
      }));
    }
    int total = 0;
    for (Future<List<List<AuditEvent>>> f : futures) {
      for (List<AuditEvent> group : f.get(60, TimeUnit.SECONDS)) {
        for (int k = 0; k < group.size(); k++) {
          assertEquals(group.get(0).sequence() + k, group.get(k).sequence(), "a group is contiguous: " + group);
          assertTrue(group.get(k).record().exchangeId().endsWith("-" + k), "in its order: " + group);
          assertEquals(group.get(k), store.read(group.get(k).sequence(), group.get(k).sequence() + 1).get(0),
              "stored as returned");
        }
        total += group.size();
      }
    }
    pool.shutdown();
    assertEquals(base + total, store.size(), "no gap, no duplicate");
    assertEquals(total, store.read(base, base + total).stream().map(e -> e.record().exchangeId()).distinct().count());
  }

  @Test
  void theCommunityEditionHasNoCpSubsystemSoOrderCannotComeFromAnAtomicLong() {
    com.hazelcast.core.HazelcastInstance hz = cluster.members.get(0).hazelcast();
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> hz.getCPSubsystem().getAtomicLong("mlagw-seq").incrementAndGet());
    System.out.println("CP subsystem refused: " + e);
  }

  @Test
  void storedBytesAreTheCanonicalEncodingOfTheEventWithItsSequence() {
    AuditRecord r = AuditRecord.of(AuditEventType.PACKAGE_DELIVERED, "ex-canon").withPersons(List.of("Đorđe", "Ђорђе"))
        .withCaseReferences(List.of("KT-1/26"));
    AuditEvent e = store.append(r, Instant.now());
    AuditEvent read = store.read(e.sequence(), e.sequence() + 1).get(0);
    assertEquals(e, read);
    byte[] template = EventTemplate.of(new AuditEvent(0, e.time(), e.node(), e.gateway(), r));
    for (long seq : new long[] {0, 7, 10, 123_456_789_012L}) {
      assertArrayEquals(AuditEventCodec.encode(new AuditEvent(seq, e.time(), e.node(), e.gateway(), r)),
          EventTemplate.withSequence(template, seq));
    }
  }
}
