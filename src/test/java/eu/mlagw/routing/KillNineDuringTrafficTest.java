package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.testing.AuditEvents;
import eu.mlagw.testing.CrashTestLogs;
import eu.mlagw.testing.DropTree;
import eu.mlagw.testing.ExchangeInvariants;
import eu.mlagw.testing.GatewayProcess;
import eu.mlagw.testing.MlagwCli;
import eu.mlagw.testing.StatusJson;
import eu.mlagw.testing.Submitter;
import eu.mlagw.testing.Supervisor;
import eu.mlagw.testing.TwoGatewayHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's crash test of the exchange lifecycle. Two gateways run as separate {@code mlagw run}
 * processes (gw-al hosting AL-PG-TIRANA, gw-rs hosting RS-HC-BELGRADE) while a clerk drops 90
 * small submissions in both directions over 45 s and the recipients take every third arrival
 * ({@code ID.taken}); meanwhile both gateways are killed with SIGKILL six times at random moments
 * and restarted like a supervisor would. Once traffic has stopped and everything settled, the
 * drop-folder contract must hold: every submission in exactly one of sent/ or failed/ and none left
 * in the outbox or .work; every sent one in the recipient's inbox exactly once; one evidence per
 * statement; no .part file anywhere; each exchange in its final state with the audit events of
 * every state it passed (read with {@code mlagw audit query}); {@code mlagw audit verify} exits 0 on
 * both gateways. Gateways that die on their own (e.g. out of memory at the launcher's heap) are
 * restarted too and reported as a failure.
 *
 * <p>Tagged {@code lifecycle}: excluded from the default build until the lifecycle of issue 10 is
 * merged; run with {@code mvn test-compile surefire:test@lifecycle -Dtest=KillNineDuringTrafficTest}.
 * Node logs are kept in {@code target/crash-tests/KillNineDuringTrafficTest/}.
 */
@Tag("lifecycle")
class KillNineDuringTrafficTest {
  private static final int SUBMISSIONS = 90;
  private static final int KILLS = 6;
  private static final long TRAFFIC_MILLIS = 45_000;
  /**
   * From the end of traffic: after this the folders are checked whether or not all settled. Counted
   * from the end, not the start, of traffic: the traffic phase itself lasts 45–70 s, as kills wait
   * for their victim to listen again, and on a 2-core machine a gateway restarted under a backlog of
   * ~50 exchanges takes ~15 s to listen; the backlog then drains at a few exchanges a second while
   * both listeners answer BUSY to the retries beyond their capacity (CI once ran out of a bound
   * counted from the start with 12 exchanges still draining, none lost).
   */
  private static final long SETTLE_MILLIS = 75_000;
  private static final Duration STOP_BOUND = Duration.ofSeconds(15);
  /** Short retries, so a peer killed a moment ago is tried again within seconds (the default doubles up to 5 min). */
  private static final String DELIVERY = "delivery:\n  firstRetryDelay: 500ms\n  maxRetryDelay: 2s\n  deadline: 1h\n";

  @TempDir Path home;
  private final Random random = new Random();
  private final Map<String, ExchangeInvariants.Direction> dropped = new LinkedHashMap<>();
  private final Set<String> taken = new HashSet<>();
  private final Set<String> seenInInbox = new HashSet<>();
  private Supervisor supervisor;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void everySubmissionEndsOnceWithItsEvidencesAndAuditEventsAcrossRepeatedKillsOfBothGateways() throws Exception {
    TwoGatewayHomes homes = TwoGatewayHomes.create(home, null, null, DELIVERY);
    Map<String, GatewayProcess> nodes = Map.of(TwoGatewayHomes.GW_AL, homes.process(TwoGatewayHomes.GW_AL),
        TwoGatewayHomes.GW_RS, homes.process(TwoGatewayHomes.GW_RS));
    GatewayProcess al = nodes.get(TwoGatewayHomes.GW_AL);
    GatewayProcess rs = nodes.get(TwoGatewayHomes.GW_RS);
    supervisor = new Supervisor(List.of(al, rs));
    int killed;
    boolean hasSettled;
    Map<String, Duration> stopTimes = new LinkedHashMap<>();
    Map<String, Long> phases = new LinkedHashMap<>();
    try (al; rs) {
      long begin = System.currentTimeMillis();
      al.start();
      rs.start();
      assertTrue(al.awaitListening(Duration.ofSeconds(40)) && rs.awaitListening(Duration.ofSeconds(40)),
          "both gateways start; see " + al.log() + " and " + rs.log());
      long t0 = System.currentTimeMillis();
      phases.put("start", t0 - begin);
      killed = traffic(homes, nodes, t0);
      long t1 = System.currentTimeMillis();
      phases.put("traffic", t1 - t0);
      hasSettled = settle(homes, nodes, t1 + SETTLE_MILLIS);
      phases.put("settle", System.currentTimeMillis() - t1);
      long stopping = System.currentTimeMillis();
      for (GatewayProcess n : List.of(al, rs)) {
        stopTimes.put(n.name(), n.stop(STOP_BOUND));
      }
      phases.put("stop", System.currentTimeMillis() - stopping);
    } finally {
      System.out.println("node logs kept in " + CrashTestLogs.keep(getClass().getSimpleName(), al, rs));
    }
    int kills = killed;
    boolean settled = hasSettled;
    Map<String, AuditEvents> audit = new LinkedHashMap<>();
    Map<String, MlagwCli.Result> verify = new LinkedHashMap<>();
    long auditStart = System.currentTimeMillis();
    // each gateway's query, then its verify (one process at a time holds a gateway's H2 file); the two
    // gateways side by side: four CLI runs over ~1,000 events each took 21-24 s one after the other
    Map<String, java.util.concurrent.CompletableFuture<AuditEvents>> queried = new LinkedHashMap<>();
    Map<String, java.util.concurrent.CompletableFuture<MlagwCli.Result>> verified = new LinkedHashMap<>();
    for (String gw : List.of(TwoGatewayHomes.GW_AL, TwoGatewayHomes.GW_RS)) {
      java.util.concurrent.CompletableFuture<AuditEvents> q = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> uncheckedQuery(homes.config(gw)));
      queried.put(gw, q);
      verified.put(gw, q.thenApply(events -> uncheckedVerify(homes.config(gw))));
    }
    for (String gw : queried.keySet()) {
      audit.put(gw, queried.get(gw).get());
      verify.put(gw, verified.get(gw).get());
    }
    phases.put("audit CLI", System.currentTimeMillis() - auditStart);
    ExchangeInvariants.Report report = ExchangeInvariants.check(homes, dropped, taken, audit);
    System.out.printf("kill -9 test: %d kills (gw-al started %d times, gw-rs %d), %d submissions dropped, %d taken, "
        + "%d exchanges, %d lost, %d duplicated, %d unfinished, settled: %s, unexpected deaths: %s, stop times: %s, audit events: "
        + "gw-al %d, gw-rs %d, phases (ms): %s%n%s", kills, al.starts(), rs.starts(), dropped.size(), taken.size(), report.exchanges(),
        report.lost(), report.duplicated(), report.unfinished(), settled, supervisor.deaths(), stopTimes, audit.get(TwoGatewayHomes.GW_AL).total(),
        audit.get(TwoGatewayHomes.GW_RS).total(), phases, report.describe(5));
    verify.forEach((gw, r) -> System.out.println("audit verify " + gw + ": exit " + r.exitCode() + ": " + r.output().strip()));
    assertAll(
        () -> assertTrue(kills >= KILLS - 1, "the test killed the gateways " + kills + " times"),
        () -> assertEquals(0, report.lost(), "lost"),
        () -> assertEquals(0, report.duplicated(), "duplicated"),
        () -> assertTrue(report.ok(), "drop-folder contract:\n" + report.describe(10)),
        () -> assertTrue(supervisor.deaths().isEmpty(), "gateways died on their own: " + supervisor.deaths()),
        () -> assertTrue(settled, "all exchanges reached their final state within the bound"),
        () -> assertTrue(stopTimes.values().stream().allMatch(d -> d != null),
            "both gateways stop within " + STOP_BOUND + " of SIGTERM (contract: 5 s idle): " + stopTimes),
        () -> assertEquals(0, verify.get(TwoGatewayHomes.GW_AL).exitCode(), "audit verify gw-al: "
            + verify.get(TwoGatewayHomes.GW_AL).output()),
        () -> assertEquals(0, verify.get(TwoGatewayHomes.GW_RS).exitCode(), "audit verify gw-rs: "
            + verify.get(TwoGatewayHomes.GW_RS).output()));
  }

  private static AuditEvents uncheckedQuery(Path config) {
    try {
      return AuditEvents.query(config);
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private static MlagwCli.Result uncheckedVerify(Path config) {
    try {
      return AuditEvents.verify(config);
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  /**
   * Drops the submissions over {@link #TRAFFIC_MILLIS} and kills a gateway once in each of {@link
   * #KILLS} equal slots of it, at a random moment (each gateway half of the times, in random order),
   * restarting it 0.2–1.5 s later. A kill waits until its victim is up again (listening) — except
   * every fourth, which may land during start-up and recovery. Returns the number of kills; both
   * gateways run when it returns.
   */
  private int traffic(TwoGatewayHomes homes, Map<String, GatewayProcess> nodes, long t0) throws Exception {
    List<Long> dropAt = new ArrayList<>();
    for (int i = 0; i < SUBMISSIONS; i++) {
      dropAt.add(i * (TRAFFIC_MILLIS - 3_000) / SUBMISSIONS + random.nextInt(400));
    }
    long slot = TRAFFIC_MILLIS / KILLS;
    List<Long> killAt = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      killAt.add(i * slot + 1_000 + random.nextInt((int) slot - 2_000));
    }
    List<String> victims = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      victims.add(i % 2 == 0 ? TwoGatewayHomes.GW_AL : TwoGatewayHomes.GW_RS);
    }
    Collections.shuffle(victims, random);
    Map<String, Long> restartAt = new LinkedHashMap<>();
    int next = 0;
    int kills = 0;
    long lastClerk = 0;
    while (true) {
      long t = System.currentTimeMillis() - t0;
      while (next < SUBMISSIONS && dropAt.get(next) <= t) {
        dropOne(homes, next++);
      }
      boolean killing = kills < KILLS && t < TRAFFIC_MILLIS + 25_000;
      if (killing && killAt.get(kills) <= t) {
        GatewayProcess victim = nodes.get(victims.get(kills));
        boolean anyMoment = kills % 4 == 3;
        if (victim.isAlive() && (anyMoment || victim.isListening())) {
          victim.kill();
          restartAt.put(victim.name(), t + 200 + random.nextInt(1_300));
          kills++;
        } else {
          killAt.set(kills, t + 200 + random.nextInt(1_000)); // not up yet: kill it once it works again
        }
      }
      for (Map.Entry<String, Long> r : List.copyOf(restartAt.entrySet())) {
        if (r.getValue() <= t) {
          nodes.get(r.getKey()).start();
          restartAt.remove(r.getKey());
        }
      }
      supervisor.look();
      if (t - lastClerk >= 1_000) {
        takeEveryThirdArrival(homes);
        lastClerk = t;
      }
      if (t >= TRAFFIC_MILLIS && next == SUBMISSIONS && !killing && restartAt.isEmpty()) {
        return kills;
      }
      Thread.sleep(50);
    }
  }

  private void dropOne(TwoGatewayHomes homes, int i) throws Exception {
    String name = String.format("kt-%03d", i);
    boolean fromAl = i % 2 == 0;
    String sender = fromAl ? TwoGatewayHomes.AL : TwoGatewayHomes.RS;
    String recipient = fromAl ? TwoGatewayHomes.RS : TwoGatewayHomes.AL;
    byte[] content = new byte[2_000 + random.nextInt(20_000)];
    random.nextBytes(content);
    Submitter.drop(homes.tree(sender), recipient, name, content, "KT-2026-" + i);
    dropped.put(name, new ExchangeInvariants.Direction(sender, recipient));
  }

  /** The recipients' clerk: marks every third exchange that appeared in an inbox as taken. */
  private void takeEveryThirdArrival(TwoGatewayHomes homes) throws Exception {
    for (String r : List.of(TwoGatewayHomes.AL, TwoGatewayHomes.RS)) {
      Path inbox = homes.tree(r).inbox();
      for (Path exchange : DropTree.folders(inbox)) {
        String id = exchange.getFileName().toString();
        if (seenInInbox.add(id) && seenInInbox.size() % 3 == 0) {
          Files.createFile(inbox.resolve(id + ".taken"));
          taken.add(id);
        }
      }
    }
  }

  /**
   * Waits until nothing is in an outbox or .work, every dropped submission is in sent/ or failed/,
   * every sent one is DELIVERED (RETRIEVED if taken) and no .taken marker is left; or until {@code
   * deadline}. Returns whether it settled.
   */
  private boolean settle(TwoGatewayHomes homes, Map<String, GatewayProcess> nodes, long deadline) throws Exception {
    while (System.currentTimeMillis() < deadline) {
      supervisor.look();
      takeEveryThirdArrival(homes);
      if (settled(homes)) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private boolean settled(TwoGatewayHomes homes) throws Exception {
    int ended = 0;
    for (String p : List.of(TwoGatewayHomes.AL, TwoGatewayHomes.RS)) {
      DropTree tree = homes.tree(p);
      String other = p.equals(TwoGatewayHomes.AL) ? TwoGatewayHomes.RS : TwoGatewayHomes.AL;
      if (!DropTree.allEntries(tree.outbox(other)).isEmpty() || !DropTree.allEntries(tree.work()).isEmpty()
          || !DropTree.filesEndingWith(tree.inbox(), ".taken").isEmpty()) {
        return false;
      }
      for (Path sent : DropTree.folders(tree.sent())) {
        String state = StatusJson.of(sent).map(StatusJson::state).orElse("");
        String expected = taken.contains(sent.getFileName().toString()) ? "RETRIEVED" : "DELIVERED";
        if (!state.equals(expected)) {
          return false;
        }
        ended++;
      }
      ended += DropTree.folders(tree.failed()).size();
    }
    return ended >= dropped.size();
  }
}
