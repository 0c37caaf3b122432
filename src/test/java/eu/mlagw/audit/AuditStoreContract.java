package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AuditStore} backend passes: extend it and implement {@link #newStore}
 * (a fresh, empty store per test). Covers numbering, durability of every field as canonical
 * bytes, range reads, checkpoint order and concurrent appends.
 */
public abstract class AuditStoreContract {
  protected AuditStore store;

  /** A fresh, empty store. */
  protected abstract AuditStore newStore() throws Exception;

  @BeforeEach
  public void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  public void closeStore() {
    store.close();
  }

  static AuditRecord fullRecord(int i) {
    return AuditRecord.of(AuditEventType.PACKAGE_SENT, "01J9ZX" + i)
        .withParties("AL-PG-TIRANA", "RS-HC-BELGRADE")
        .withCaseReferences(List.of("PG-2026/" + i, "KTI-77/26"))
        .withPackageDigest("ab".repeat(32))
        .withReason(i % 2 == 0 ? null : ReasonCode.PEER_UNREACHABLE)
        .withPersons(List.of("Đorđe Petrović", "Ђорђе Петровић", "Djordje Petrovic"))
        .withDetails(Map.of("attempt", String.valueOf(i), "peer", "gw-rs", "note", "quote \" and \\ and \n"));
  }

  @Test
  public void appendNumbersFromZeroWithoutGaps() {
    assertEquals(0, store.size());
    for (int i = 0; i < 5; i++) {
      AuditEvent e = store.append(fullRecord(i), Instant.parse("2026-11-28T10:00:00.123456Z"));
      assertEquals(i, e.sequence());
      assertEquals(Instant.parse("2026-11-28T10:00:00.123Z"), e.time());
    }
    assertEquals(5, store.size());
  }

  @Test
  public void readReturnsExactlyTheCanonicalBytesAppended() {
    List<byte[]> appended = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      appended.add(AuditEventCodec.encode(store.append(fullRecord(i), Instant.now())));
    }
    List<AuditEvent> read = store.read(0, 7);
    assertEquals(7, read.size());
    for (int i = 0; i < 7; i++) {
      assertArrayEquals(appended.get(i), AuditEventCodec.encode(read.get(i)),
          "event " + i + " changed in the store: " + new String(appended.get(i), StandardCharsets.UTF_8));
    }
  }

  @Test
  public void readRangesAreHalfOpenAndClippedAtTheEnd() {
    for (int i = 0; i < 10; i++) {
      store.append(fullRecord(i), Instant.now());
    }
    assertEquals(List.of(3L, 4L, 5L), store.read(3, 6).stream().map(AuditEvent::sequence).toList());
    assertEquals(List.of(8L, 9L), store.read(8, 20).stream().map(AuditEvent::sequence).toList());
    assertTrue(store.read(10, 12).isEmpty());
    assertTrue(store.read(4, 4).isEmpty());
  }

  @Test
  public void checkpointsKeepTheirOrderAndBytes() {
    assertTrue(store.latestCheckpoint().isEmpty());
    byte[] a = "first".getBytes(StandardCharsets.UTF_8);
    byte[] b = "second".getBytes(StandardCharsets.UTF_8);
    store.addCheckpoint(a);
    store.addCheckpoint(b);
    List<byte[]> all = store.checkpoints();
    assertEquals(2, all.size());
    assertArrayEquals(a, all.get(0));
    assertArrayEquals(b, all.get(1));
    assertArrayEquals(b, store.latestCheckpoint().orElseThrow());
  }

  @Test
  public void concurrentAppendsGetDistinctConsecutiveNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 100; i++) {
          seen.add(store.append(AuditRecord.of(AuditEventType.POLICY_DECIDED, "x" + i), Instant.now()).sequence());
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(400, seen.size());
    assertEquals(400, store.size());
    List<AuditEvent> all = store.read(0, 400);
    for (int i = 0; i < 400; i++) {
      assertEquals(i, all.get(i).sequence());
    }
  }
}
