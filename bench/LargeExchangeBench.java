import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.SampleGatewayConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One large package between two gateways, each in a JVM of its own with a 256 MB heap
 * (-Xmx256m): gw-al seals it from the Albanian prosecutor's outbox and sends it over mutual TLS;
 * gw-rs receives, verifies and releases it into the Serbian court's inbox. Prints drop-to-inbox
 * MB/s, and each gateway's peak heap use (largest heap occupancy before a collection, from its
 * GC log) — both bounded by -Xmx256m by construction; the point is the run completes and how much
 * of it is used. For reference, the same run times a plain `cp` of the document on the same disk.
 * Run from the repository root after a build (./mlagw --help builds):
 *   java -cp "target/classes:target/lib/*" bench/LargeExchangeBench.java [SIZE_MIB=1024]
 */
public class LargeExchangeBench {
  static final String SENDER = "AL-PG-TIRANA";
  static final String COURT = "RS-HC-BELGRADE";
  static final List<Process> CHILDREN = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    long size = mib << 20;
    Path work = Files.createTempDirectory(Path.of("target"), "large-exchange-bench").toAbsolutePath();
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
      Path alGc = work.resolve("gc-al.log");
      Path rsGc = work.resolve("gc-rs.log");
      startGateway(alConfig, alGc, work.resolve("gw-al.out"));
      startGateway(rsConfig, rsGc, work.resolve("gw-rs.out"));
      awaitPort(alPort);
      awaitPort(rsPort);

      Path outbox = Files.createDirectories(work.resolve("gw-al/drop").resolve(SENDER).resolve("outbox").resolve(COURT));
      Path staging = Files.createDirectories(outbox.resolve(".staging"));
      Path document = staging.resolve("evidence.bin");
      writeRandom(document, size);
      Files.writeString(staging.resolve("request.yaml"), "subject: large exchange bench\n");
      long cpStart = System.nanoTime();
      new ProcessBuilder("cp", document.toString(), work.resolve("cp-reference.bin").toString()).inheritIO().start()
          .waitFor();
      double cpSeconds = (System.nanoTime() - cpStart) / 1e9;
      Files.delete(work.resolve("cp-reference.bin"));

      Path inbox = work.resolve("gw-rs/drop").resolve(COURT).resolve("inbox");
      Path sent = work.resolve("gw-al/drop").resolve(SENDER).resolve("sent");
      long t0 = System.nanoTime();
      Files.move(staging, outbox.resolve("large"));
      Files.createFile(outbox.resolve("large.ready"));
      // the stages, as the folders show them: sent/ID appears once sealed; .ID.opening-* in the inbox once
      // the transfer has been received whole and opening starts; inbox/ID once released
      double sealedSeconds = -1;
      double openingSeconds = -1;
      Path delivered = null;
      long end = System.currentTimeMillis() + 3_600_000;
      while (delivered == null && System.currentTimeMillis() < end) {
        double now = (System.nanoTime() - t0) / 1e9;
        if (sealedSeconds < 0 && firstEntry(sent, false) != null) {
          sealedSeconds = now;
        }
        if (openingSeconds < 0 && firstEntry(inbox, true) != null) {
          openingSeconds = now;
        }
        delivered = firstEntry(inbox, false);
        if (delivered == null) {
          for (Process p : CHILDREN) {
            if (!p.isAlive()) {
              throw new IllegalStateException("a gateway stopped (exit " + p.exitValue() + "); see its .out file");
            }
          }
          Thread.sleep(10);
        }
      }
      if (delivered == null) {
        throw new IllegalStateException("nothing arrived in " + inbox);
      }
      double inboxSeconds = (System.nanoTime() - t0) / 1e9;
      awaitEntry(sent, 600_000);
      double sentSeconds = (System.nanoTime() - t0) / 1e9;
      long received = Files.size(delivered.resolve("documents/evidence.bin"));
      if (received != size) {
        throw new IllegalStateException("delivered " + received + " bytes, dropped " + size);
      }
      System.out.printf("package: %d MiB document, gw-al -> gw-rs over mutual TLS, each gateway -Xmx256m%n", mib);
      System.out.printf("drop-to-inbox: %.2f s = %.0f MB/s (sealed, sent, received, verified, released)%n",
          inboxSeconds, size / 1e6 / inboxSeconds);
      System.out.printf("drop-to-sent (Delivery evidence back at the sender): %.2f s%n", sentSeconds);
      System.out.printf("stages (as the folders show them): sealed (in sent/) at %.2f s; received whole, opening "
          + "starts at %.2f s; verified and released at %.2f s — seal %.2f s, send and receive %.2f s, open %.2f s; "
          + "each stage waits for the previous one to finish the whole file%n", sealedSeconds, openingSeconds,
          inboxSeconds, sealedSeconds, openingSeconds - sealedSeconds, inboxSeconds - openingSeconds);
      System.out.printf("reference: cp of the same file %.2f s = %.0f MB/s; mlagw / cp time = %.1f%n", cpSeconds,
          size / 1e6 / cpSeconds, inboxSeconds / cpSeconds);
      System.out.printf("peak heap before GC: gw-al %d MiB, gw-rs %d MiB (limit 256 MiB)%n", peakHeap(alGc),
          peakHeap(rsGc));
    } finally {
      CHILDREN.forEach(Process::destroy);
      for (Process p : CHILDREN) {
        p.waitFor();
      }
      deleteTree(work);
    }
  }

  static void startGateway(Path config, Path gcLog, Path out) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog, "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-cp", "target/classes:target/lib/*", "eu.mlagw.cli.Mlagw", "run", "--config", config.toString(),
        "--routes", "routes"));
    CHILDREN.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start());
  }

  /** Largest "before" occupancy of the GC log lines "Pause ... 123M->45M(247M)". */
  static long peakHeap(Path gcLog) throws IOException {
    long peak = 0;
    Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(Files.readString(gcLog));
    while (m.find()) {
      peak = Math.max(peak, Long.parseLong(m.group(1)));
    }
    return peak;
  }

  static void writeRandom(Path file, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    Random random = new Random(7);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, size - done));
      }
    }
  }

  /** The first entry of {@code dir} that is hidden (an opening's staging folder) or not, or null. */
  static Path firstEntry(Path dir, boolean opening) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (var s = Files.list(dir)) {
      return s.filter(p -> {
        String name = p.getFileName().toString();
        return opening ? name.startsWith(".") && name.contains(".opening-") : !name.startsWith(".");
      }).findFirst().orElse(null);
    }
  }

  static Path awaitEntry(Path dir, long millis) throws Exception {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      if (Files.isDirectory(dir)) {
        try (var s = Files.list(dir)) {
          var found = s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst();
          if (found.isPresent()) {
            return found.get();
          }
        }
      }
      for (Process p : CHILDREN) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a gateway stopped (exit " + p.exitValue() + "); see its .out file");
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("nothing arrived in " + dir);
  }

  static void awaitPort(int port) throws Exception {
    for (int i = 0; i < 600; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
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
          Files.delete(p);
        }
      }
    }
  }
}
