import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.routing.GatewayNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two gateway nodes in this JVM (gw-al → gw-rs, mutual TLS on loopback, the shipped routes):
 * drops N submissions of SIZE bytes at once into the Albanian prosecutor's outbox and measures
 * drop-to-inbox latency per exchange (p50/p95/max) and exchanges per second. Run from the repository
 * root after a build:
 *   java -Xmx256m -XX:+UseSerialGC -cp "target/classes:target/lib/*" bench/ExchangeBench.java [N=100] [SIZE=1048576]
 */
public class ExchangeBench {
  static final String SENDER = "AL-PG-TIRANA";
  static final String COURT = "RS-HC-BELGRADE";

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
    Path work = Files.createTempDirectory("exchange-bench");
    Path pki = work.resolve("pki");
    StringWriter err = new StringWriter();
    if (Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "pki", "init", "--out", pki.toString(),
        "--participants", SENDER + "," + COURT, "--gateways", "gw-al,gw-rs", "--key-algorithm", "ec") != 0) {
      throw new IllegalStateException(err.toString());
    }
    int alPort = freePort();
    int rsPort = freePort();
    GatewayNode al = start(config(work, pki, "gw-al", alPort, SENDER, "gw-rs", rsPort, COURT));
    GatewayNode rs = start(config(work, pki, "gw-rs", rsPort, COURT, "gw-al", alPort, SENDER));
    try {
      Path outbox = Files.createDirectories(work.resolve("gw-al/drop").resolve(SENDER).resolve("outbox").resolve(COURT));
      Path inbox = work.resolve("gw-rs/drop").resolve(COURT).resolve("inbox");
      byte[] doc = new byte[size];
      new Random(1).nextBytes(doc);
      // warm-up exchange (JIT, TLS session), not measured
      dropOne(outbox, "warm-up", doc);
      waitFor(inbox, 1, 60_000);
      long[] dropped = new long[n];
      for (int i = 0; i < n; i++) {
        Path folder = Files.createDirectories(outbox.resolve(".staging-" + i));
        Files.write(folder.resolve("evidence.bin"), doc);
        Files.writeString(folder.resolve("request.yaml"), "subject: bench " + i + "\n");
      }
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Files.move(outbox.resolve(".staging-" + i), outbox.resolve("req-" + i));
        Files.createFile(outbox.resolve("req-" + i + ".ready"));
        dropped[i] = System.nanoTime();
      }
      long[] arrived = new long[n];
      int seen = 0;
      java.util.Set<String> counted = new java.util.HashSet<>();
      long deadline = System.nanoTime() + 600_000_000_000L;
      while (seen < n && System.nanoTime() < deadline) {
        try (var s = Files.list(inbox)) {
          for (Path p : s.toList()) {
            String name = p.getFileName().toString();
            if (!name.startsWith(".") && counted.add(name) && Files.exists(p.resolve("metadata.xml"))) {
              String md = Files.readString(p.resolve("metadata.xml"));
              if (md.contains("<Subject>bench ")) {
                int i = Integer.parseInt(md.replaceAll("(?s).*<Subject>bench (\\d+)</Subject>.*", "$1"));
                arrived[i] = System.nanoTime();
                seen++;
              }
            } else if (!name.startsWith(".") && !Files.exists(p.resolve("metadata.xml"))) {
              counted.remove(name);
            }
          }
        }
        Thread.sleep(5);
      }
      long t1 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      double[] latency = new double[seen];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (arrived[i] > 0) {
          latency[k++] = (arrived[i] - dropped[i]) / 1e6;
        }
      }
      Arrays.sort(latency);
      System.out.printf("exchanges: %d of %d delivered, %d bytes each, gw-al -> gw-rs over mutual TLS%n", seen, n, size);
      System.out.printf("throughput: %.1f exchanges/s (%.1f MB/s of documents) over %.2f s%n", seen / ((t1 - t0) / 1e9),
          seen * (double) size / 1e6 / ((t1 - t0) / 1e9), (t1 - t0) / 1e9);
      System.out.printf("drop-to-inbox latency: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n", latency[seen / 2],
          latency[(int) Math.min(seen - 1, Math.ceil(seen * 0.95) - 1)], latency[seen - 1]);
      System.out.printf("cpu: %.0f ms of CPU per exchange (both gateways, all threads; %d cores) — a CPU-bound "
          + "ceiling of %.0f exchanges/s on this machine%n", (cpu1 - cpu0) / 1e6 / seen,
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors() * 1e9 / ((cpu1 - cpu0) / (double) seen));
      System.out.printf("heap: %d MiB max%n", Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      al.close();
      rs.close();
    }
  }

  static void dropOne(Path outbox, String name, byte[] doc) throws Exception {
    Path folder = Files.createDirectories(outbox.resolve(name));
    Files.write(folder.resolve("evidence.bin"), doc);
    Files.writeString(folder.resolve("request.yaml"), "subject: " + name + "\n");
    Files.createFile(outbox.resolve(name + ".ready"));
  }

  static void waitFor(Path inbox, int count, long millis) throws Exception {
    for (long t = 0; t < millis; t += 20) {
      if (Files.isDirectory(inbox)) {
        try (var s = Files.list(inbox)) {
          if (s.filter(p -> !p.getFileName().toString().startsWith(".")).count() >= count) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("warm-up exchange did not arrive");
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static GatewayNode start(Path config) throws Exception {
    GatewayNode node = new GatewayNode(new ConfigLoader().load(config), Map.of(), Path.of("routes"), Clock.systemUTC());
    node.start();
    return node;
  }

  static Path config(Path work, Path pki, String self, int port, String hosted, String other, int otherPort,
      String remote) throws Exception {
    SampleGatewayConfig.Gateway me = new SampleGatewayConfig.Gateway(self, port, List.of(hosted));
    SampleGatewayConfig.Gateway peer = new SampleGatewayConfig.Gateway(other, otherPort, List.of(remote));
    return SampleGatewayConfig.write(work.resolve(self).resolve("config"), pki, me, List.of(me, peer), "../drop", 50);
  }
}
