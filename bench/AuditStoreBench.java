import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.hazelcast.GatewayCluster;
import eu.mlagw.audit.hazelcast.HazelcastAuditStore;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.config.ClusterConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Appends to the clustered audit store and prints appends per second, with 1 member and with 3
 * members in this JVM (backup-count 1, written through to one H2 file database, TCP-IP on loopback).
 * THREADS appender threads are spread over the members; every record is ~1 KiB canonical JSON;
 * an append counts when it returned, i.e. when it was durable. Run from the repository root after
 * a build:
 *   java -Xmx1g --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
 *     --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *     --add-opens java.management/sun.management=ALL-UNNAMED \
 *     --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
 *     -cp "target/classes:target/lib/*" bench/AuditStoreBench.java [THREADS=32] [SECONDS=10]
 */
public class AuditStoreBench {
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    System.out.printf("audit store: %d appender threads, %d s measured after a 3 s warm-up, ~1 KiB records, "
        + "%d cores%n", threads, seconds, Runtime.getRuntime().availableProcessors());
    for (int members : new int[] {1, 3}) {
      run(members, threads, seconds);
    }
  }

  static void run(int memberCount, int threads, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("audit-bench");
    AuditStoreConfig h2 = AuditStoreConfig.h2(dir.resolve("audit"));
    List<String> addresses = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < memberCount; i++) {
      ports.add(freePort());
      addresses.add("127.0.0.1:" + ports.get(i));
    }
    List<GatewayCluster> members = new ArrayList<>();
    List<HazelcastAuditStore> stores = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < memberCount; i++) {
      members.add(GatewayCluster.start("gw-bench", new ClusterConfig("node-" + (i + 1), ports.get(i), "127.0.0.1",
          memberCount == 1 ? List.of() : addresses, 1), h2, Map.of()));
    }
    for (GatewayCluster m : members) {
      stores.add(HazelcastAuditStore.open(m));
    }
    double startSeconds = (System.nanoTime() - t0) / 1e9;
    String filler = "x".repeat(800);
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    long[] counts = new long[threads];
    long[][] latencies = new long[threads][];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      HazelcastAuditStore store = stores.get(t % memberCount);
      Thread w = new Thread(() -> {
        long[] lat = new long[1 << 20];
        int n = 0;
        for (long i = 0; !stop.get(); i++) {
          AuditRecord r = AuditRecord.of(AuditEventType.PACKAGE_SENT, "bench-" + thread + "-" + i)
              .withParties("AL-PG-TIRANA", "RS-HC-BELGRADE").withPackageDigest("9f".repeat(32))
              .withDetails(Map.of("peer", "gw-rs", "note", filler));
          long s = System.nanoTime();
          store.append(r, Instant.now());
          if (measuring.get()) {
            if (n < lat.length) {
              lat[n] = System.nanoTime() - s;
            }
            n++;
          }
        }
        counts[thread] = n;
        latencies[thread] = Arrays.copyOf(lat, Math.min(n, lat.length));
      });
      w.start();
      workers.add(w);
    }
    Thread.sleep(3000);
    long before = stores.get(0).size();
    measuring.set(true);
    long m0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - m0;
    long after = stores.get(0).size();
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    long total = Arrays.stream(counts).sum();
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("%d member%s: %,.0f appends/s (log grew by %,d in %.1f s), latency p50 %.2f ms, p99 %.2f ms, "
        + "max %.1f ms; members started and log opened in %.1f s%n", memberCount, memberCount == 1 ? " " : "s",
        total / (elapsed / 1e9), after - before, elapsed / 1e9, all[all.length / 2] / 1e6,
        all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6, startSeconds);
    stores.forEach(HazelcastAuditStore::close);
    for (GatewayCluster m : members) {
      m.close();
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
