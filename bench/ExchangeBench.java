import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.SampleGatewayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Exchanges of SIZE bytes between two gateways, each a JVM of its own as `mlagw run` starts it
 * (gw-al → gw-rs, mutual TLS on loopback, the shipped routes, audit in H2, cover sheet and receipt
 * on): after WARMUP exchanges, either drops N submissions at once ({@code burst N}) or drops RATE a
 * second for SECONDS ({@code load RATE SECONDS}), and measures each exchange's drop-to-inbox time
 * (the .ready marker written → the exchange's folder with its metadata in the court's inbox).
 * Prints throughput, p50/p95/max latency and the CPU time per exchange of both gateway processes
 * (from /proc: every thread, user + system), split into the JIT compiler, GC, other JVM threads and
 * the Java threads; the Java threads' share is divided by step (seal, TLS, transfer, open, render,
 * evidences, audit, file I/O, other) in proportion to JFR execution samples of the measured
 * interval, each sample given to the first step whose code is on its stack (order in STEPS).
 * Run from the repository root after a build (./mlagw --help builds):
 *   java -cp "target/classes:target/lib/*" bench/ExchangeBench.java burst 100
 *   java -cp "target/classes:target/lib/*" bench/ExchangeBench.java load 25 10 [--size 1048576]
 *       [--warmup 50] [--heap 256m] [--no-jfr] [--keep: keep the work folder with the JFR recordings]
 */
public class ExchangeBench {
  static final String SENDER = "AL-PG-TIRANA";
  static final String COURT = "RS-HC-BELGRADE";
  static final List<Process> CHILDREN = new ArrayList<>();
  static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

  /** A step and the code that belongs to it: a frame whose class name starts with one of the prefixes. */
  record Step(String name, List<String> prefixes) {}

  /** In order: the first step with a frame on a sample's stack takes the sample. */
  static final List<Step> STEPS = List.of(
      new Step("TLS", List.of("sun.security.ssl.")),
      new Step("audit", List.of("eu.mlagw.audit.", "org.h2.", "com.hazelcast.", "org.postgresql.")),
      new Step("evidences", List.of("eu.mlagw.evidence.")),
      new Step("render (metadata, cover sheet, receipt)", List.of("eu.mlagw.pdf.", "org.apache.pdfbox.",
          "org.apache.fontbox.", "eu.mlagw.metadata.", "eu.mlagw.routing.RecipientRendering",
          "eu.mlagw.routing.SenderReceipts")),
      new Step("seal", List.of("eu.mlagw.pkg.PackageSealer", "eu.mlagw.routing.SubmissionSealer")),
      new Step("open (verify, decrypt)", List.of("eu.mlagw.pkg.PackageOpener", "eu.mlagw.pkg.AsicManifest")),
      new Step("transfer (CXF, HTTP)", List.of("org.apache.cxf.", "io.undertow.", "org.xnio.", "eu.mlagw.transport.",
          "sun.net.www.", "java.net.")),
      new Step("file I/O (drop folders, status)", List.of("sun.nio.fs.", "sun.nio.ch.FileChannelImpl",
          "java.nio.file.", "java.io.File")),
      new Step("routing and other Java", List.of("")));

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    int size = intOption(rest, "--size", 1 << 20);
    int warmup = intOption(rest, "--warmup", 50);
    String heap = stringOption(rest, "--heap", "256m");
    boolean jfr = !rest.remove("--no-jfr");
    boolean keep = rest.remove("--keep");
    String mode = rest.isEmpty() ? "burst" : rest.get(0);
    int n;
    double rate;
    if (mode.equals("burst")) {
      n = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 100;
      rate = 0;
    } else if (mode.equals("load")) {
      rate = rest.size() > 1 ? Double.parseDouble(rest.get(1)) : 25;
      int seconds = rest.size() > 2 ? Integer.parseInt(rest.get(2)) : 10;
      n = (int) Math.round(rate * seconds);
    } else {
      throw new IllegalArgumentException("usage: ExchangeBench.java burst N | load RATE SECONDS [--size BYTES] "
          + "[--warmup N] [--heap 256m] [--no-jfr]");
    }
    Path work = Files.createTempDirectory(Path.of("target"), "exchange-bench").toAbsolutePath();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly)));
    try {
      Path pki = work.resolve("pki");
      StringWriter err = new StringWriter();
      if (Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "pki", "init", "--out", pki.toString(),
          "--participants", SENDER + "," + COURT, "--gateways", "gw-al,gw-rs", "--key-algorithm", "ec") != 0) {
        throw new IllegalStateException(err.toString());
      }
      int alPort = freePort();
      int rsPort = freePort();
      SampleGatewayConfig.Gateway al = new SampleGatewayConfig.Gateway("gw-al", alPort, List.of(SENDER));
      SampleGatewayConfig.Gateway rs = new SampleGatewayConfig.Gateway("gw-rs", rsPort, List.of(COURT));
      Path alConfig = SampleGatewayConfig.write(work.resolve("gw-al/config"), pki, al, List.of(al, rs), "../drop", 50);
      Path rsConfig = SampleGatewayConfig.write(work.resolve("gw-rs/config"), pki, rs, List.of(al, rs), "../drop", 50);
      Process alProcess = startGateway(alConfig, work, "gw-al", heap, jfr);
      Process rsProcess = startGateway(rsConfig, work, "gw-rs", heap, jfr);
      awaitPort(alPort);
      awaitPort(rsPort);

      Path outbox = Files.createDirectories(work.resolve("gw-al/drop").resolve(SENDER).resolve("outbox").resolve(COURT));
      Path inbox = work.resolve("gw-rs/drop").resolve(COURT).resolve("inbox");
      byte[] doc = new byte[size];
      new Random(1).nextBytes(doc);
      Inbox arrivals = new Inbox(inbox);
      // warm-up (JIT, TLS session, pools), not measured: in bursts of 10, so the JIT sees the concurrent path
      for (int i = 0; i < warmup; i++) {
        stage(outbox, "w-" + i, doc);
      }
      long warmStart = System.nanoTime();
      for (int i = 0; i < warmup; i += 10) {
        for (int j = i; j < Math.min(warmup, i + 10); j++) {
          release(outbox, "w-" + j);
        }
        arrivals.await("w-", Math.min(warmup, i + 10), 300_000);
      }
      double warmSeconds = (System.nanoTime() - warmStart) / 1e9;

      for (int i = 0; i < n; i++) {
        stage(outbox, "m-" + i, doc);
      }
      Thread.sleep(2_000); // let the warm-up's trailing work (receipts, retrieval reports, checkpoints) settle
      Map<Process, Map<Integer, long[]>> threads0 = new HashMap<>();
      for (Process p : List.of(alProcess, rsProcess)) {
        threads0.put(p, threadTicks(p.pid()));
      }
      Instant measuredFrom = Instant.now();
      long t0 = System.nanoTime();
      long[] dropped = new long[n];
      for (int i = 0; i < n; i++) {
        if (rate > 0) {
          long due = t0 + (long) (i * 1e9 / rate);
          while (System.nanoTime() < due) {
            arrivals.poll();
            Thread.sleep(Math.max(0, Math.min(5, (due - System.nanoTime()) / 1_000_000)));
          }
        }
        release(outbox, "m-" + i);
        dropped[i] = System.nanoTime();
      }
      arrivals.await("m-", n, 900_000);
      long t1 = System.nanoTime();
      Instant measuredTo = Instant.now();
      Map<String, Double> cpu = new LinkedHashMap<>();
      for (Process p : List.of(alProcess, rsProcess)) {
        cpuByThreadKind(threads0.get(p), threadTicks(p.pid()), cpu);
      }
      double[] latency = new double[n];
      for (int i = 0; i < n; i++) {
        latency[i] = (arrivals.arrived("m-" + i) - dropped[i]) / 1e6;
      }
      Arrays.sort(latency);
      double seconds = (t1 - t0) / 1e9;
      int cores = Runtime.getRuntime().availableProcessors();
      double totalCpuMs = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
      System.out.printf(Locale.ROOT, "exchanges: %s, %d of %d bytes each, gw-al -> gw-rs over mutual TLS, each "
          + "gateway a JVM of its own (-Xmx%s -XX:+UseSerialGC), %d cores, load average %s%n",
          rate > 0 ? String.format(Locale.ROOT, "%.1f/s offered for %.0f s", rate, n / rate) : "burst of " + n, n, size,
          heap, cores, loadAverage());
      System.out.printf(Locale.ROOT, "warm-up: %d exchanges in %.1f s%n", warmup, warmSeconds);
      System.out.printf(Locale.ROOT, "throughput: %.1f exchanges/s (%.1f MB/s of documents), first drop to last "
          + "arrival %.2f s%n", n / seconds, n * (double) size / 1e6 / seconds, seconds);
      System.out.printf(Locale.ROOT, "drop-to-inbox: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n", latency[n / 2],
          latency[(int) Math.min(n - 1, Math.ceil(n * 0.95) - 1)], latency[n - 1]);
      System.out.printf(Locale.ROOT, "cpu: %.0f ms per exchange (both gateways, every thread) = a CPU-bound ceiling "
          + "of %.1f exchanges/s on %d cores%n", totalCpuMs / n, cores * 1000 / (totalCpuMs / n), cores);
      Map<String, Double> perStep = new LinkedHashMap<>();
      double javaMs = cpu.getOrDefault("Java threads", 0.0);
      if (jfr) {
        Map<String, Long> samples = new LinkedHashMap<>();
        for (String gw : List.of("gw-al", "gw-rs")) {
          Path recording = work.resolve(gw + ".jfr");
          Process p = gw.equals("gw-al") ? alProcess : rsProcess;
          jcmd(p.pid(), "JFR.dump", "name=bench", "filename=" + recording);
          countSamples(recording, measuredFrom, measuredTo, samples);
        }
        long all = samples.values().stream().mapToLong(Long::longValue).sum();
        for (Step step : STEPS) {
          perStep.put(step.name(), all == 0 ? 0 : javaMs * samples.getOrDefault(step.name(), 0L) / all);
        }
        System.out.printf(Locale.ROOT, "cpu per exchange by step (ms; Java threads split by %d JFR execution samples"
            + " of the measured interval):%n", all);
      } else {
        perStep.put("Java threads (run without --no-jfr for the split by step)", javaMs);
        System.out.println("cpu per exchange (ms):");
      }
      for (Map.Entry<String, Double> e : perStep.entrySet()) {
        System.out.printf(Locale.ROOT, "  %-42s %6.1f%n", e.getKey(), e.getValue() / n);
      }
      for (Map.Entry<String, Double> e : cpu.entrySet()) {
        if (!e.getKey().equals("Java threads")) {
          System.out.printf(Locale.ROOT, "  %-42s %6.1f%n", e.getKey(), e.getValue() / n);
        }
      }
    } finally {
      CHILDREN.forEach(Process::destroy);
      for (Process p : CHILDREN) {
        p.waitFor(20, TimeUnit.SECONDS);
      }
      if (keep) {
        System.out.println("kept (recordings gw-al.jfr, gw-rs.jfr, logs, drop folders): " + work);
      } else {
        deleteTree(work);
      }
    }
  }

  /** The exchanges seen in the court's inbox, by subject ("m-17"), with the time each was first seen. */
  static final class Inbox {
    private final Path dir;
    private final Map<String, Long> seen = new HashMap<>();
    private final java.util.Set<String> folders = new java.util.HashSet<>();

    Inbox(Path dir) {
      this.dir = dir;
    }

    void poll() throws IOException {
      if (!Files.isDirectory(dir)) {
        return;
      }
      long now = System.nanoTime();
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith(".") || folders.contains(name) || !Files.exists(p.resolve("metadata.xml"))) {
            continue;
          }
          String md = Files.readString(p.resolve("metadata.xml"));
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Subject>bench ([a-z]-\\d+)</Subject>").matcher(md);
          if (m.find()) {
            folders.add(name);
            seen.put(m.group(1), now);
          }
        }
      }
    }

    long arrived(String subject) {
      return seen.get(subject);
    }

    void await(String prefix, int count, long millis) throws Exception {
      long end = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < end) {
        poll();
        if (seen.keySet().stream().filter(k -> k.startsWith(prefix)).count() >= count) {
          return;
        }
        for (Process p : CHILDREN) {
          if (!p.isAlive()) {
            throw new IllegalStateException("a gateway stopped (exit " + p.exitValue() + "); see its .out file");
          }
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException("only " + seen.keySet().stream().filter(k -> k.startsWith(prefix)).count()
          + " of " + count + " " + prefix + " exchanges arrived in " + millis + " ms");
    }
  }

  static void stage(Path outbox, String name, byte[] doc) throws IOException {
    Path folder = Files.createDirectories(outbox.resolve(".staging-" + name));
    Files.write(folder.resolve("evidence.bin"), doc);
    Files.writeString(folder.resolve("request.yaml"), "subject: bench " + name + "\n");
  }

  static void release(Path outbox, String name) throws IOException {
    Files.move(outbox.resolve(".staging-" + name), outbox.resolve(name));
    Files.createFile(outbox.resolve(name + ".ready"));
  }

  static Process startGateway(Path config, Path work, String gw, String heap, boolean jfr) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+UseSerialGC", "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
    if (jfr) {
      // the JDK's default settings: execution samples every 20 ms per running Java thread (~1 % overhead)
      cmd.add("-XX:StartFlightRecording=name=bench,settings=default");
    }
    cmd.addAll(List.of("-cp", "target/classes:target/lib/*", "eu.mlagw.cli.Mlagw", "run", "--config", config.toString(),
        "--routes", "routes"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve(gw + ".out").toFile())
        .start();
    CHILDREN.add(p);
    return p;
  }

  /** Per thread of {@code pid}: [user+system ticks, kind] read from /proc/PID/task/TID/stat and comm. */
  static Map<Integer, long[]> threadTicks(long pid) throws IOException {
    Map<Integer, long[]> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long used = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
          String comm = Files.readString(task.resolve("comm")).strip();
          ticks.put(Integer.parseInt(task.getFileName().toString()), new long[] {used, kindOf(comm)});
        } catch (IOException | RuntimeException gone) {
          // the thread ended while listed
        }
      }
    }
    return ticks;
  }

  static final List<String> KINDS = List.of("Java threads", "JIT compiler threads",
      "GC (SerialGC collects on the VM Thread)", "other JVM threads (JFR, reference handling, ...)");

  static int kindOf(String comm) {
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return 1;
    }
    if (comm.equals("VM Thread") || comm.startsWith("GC Thread")) {
      return 2;
    }
    if (comm.startsWith("VM ") || comm.startsWith("JFR") || comm.startsWith("Signal Dispatch")
        || comm.startsWith("Service Thread") || comm.startsWith("Sweeper") || comm.startsWith("Common-Cleaner")
        || comm.startsWith("Monitor Deflati") || comm.startsWith("Notification") || comm.startsWith("Attach Listen")
        || comm.startsWith("Finalizer") || comm.startsWith("Reference Handl")) {
      return 3;
    }
    return 0;
  }

  /**
   * CPU milliseconds used between the two readings, by kind of thread. A thread that started in the
   * interval counts from zero; one that ended in it is lost (short-lived threads are rare in a node).
   */
  static void cpuByThreadKind(Map<Integer, long[]> before, Map<Integer, long[]> after, Map<String, Double> into) {
    for (String kind : KINDS) {
      into.putIfAbsent(kind, 0.0);
    }
    for (Map.Entry<Integer, long[]> e : after.entrySet()) {
      long[] b = before.get(e.getKey());
      long used = e.getValue()[0] - (b == null ? 0 : b[0]);
      String kind = KINDS.get((int) e.getValue()[1]);
      into.merge(kind, used * TICK_NANOS / 1e6, Double::sum);
    }
  }

  static void countSamples(Path recording, Instant from, Instant to, Map<String, Long> into) throws IOException {
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStartTime().isBefore(from)
          || e.getStartTime().isAfter(to) || e.getStackTrace() == null) {
        continue;
      }
      into.merge(stepOf(e.getStackTrace().getFrames()), 1L, Long::sum);
    }
  }

  static String stepOf(List<RecordedFrame> frames) {
    for (Step step : STEPS) {
      for (RecordedFrame f : frames) {
        String type = f.getMethod().getType().getName();
        for (String prefix : step.prefixes()) {
          if (type.startsWith(prefix)) {
            return step.name();
          }
        }
      }
    }
    return STEPS.get(STEPS.size() - 1).name();
  }

  static void jcmd(long pid, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + out);
    }
  }

  static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  static int intOption(List<String> args, String name, int otherwise) {
    String v = stringOption(args, name, null);
    return v == null ? otherwise : Integer.parseInt(v);
  }

  static String stringOption(List<String> args, String name, String otherwise) {
    int i = args.indexOf(name);
    if (i < 0) {
      return otherwise;
    }
    String v = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return v;
  }

  static void awaitPort(int port) throws Exception {
    for (int i = 0; i < 600; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        for (Process p : CHILDREN) {
          if (!p.isAlive()) {
            throw new IllegalStateException("a gateway stopped at start (exit " + p.exitValue() + ")");
          }
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("gateway on port " + port + " did not start");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (var walk = Files.walk(root)) {
        for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
