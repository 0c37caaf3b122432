package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a gateway node (a JVM of its own) at random moments while it takes in, seals and
 * delivers a batch of submissions; after a restart every submission has arrived exactly once,
 * complete, and nothing is left behind or lost.
 */
class KillDuringIntakeTest {
  private static final int SUBMISSIONS = 12;
  @TempDir Path pki;
  @TempDir Path home;

  private Process startNode() throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "eu.mlagw.cli.Mlagw", "run",
        "--config", home.resolve("config").toString(), "--routes", Path.of("routes").toAbsolutePath().toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("node.log").toFile()).start();
  }

  @Test
  void noSubmissionIsLostOrDeliveredTwiceAcrossKills() throws Exception {
    GatewayNodeTest.makePki(pki);
    GatewayNodeTest.writeConfig(home, pki);
    DropFolders drop = new DropFolders(home.resolve("drop"));
    Random random = new Random();
    Path outbox = Files.createDirectories(drop.outbox(GatewayNodeTest.SENDER).resolve(GatewayNodeTest.COURT));
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < SUBMISSIONS; i++) {
      Path folder = Files.createDirectories(outbox.resolve("request-" + i));
      byte[] evidence = new byte[300_000 + i];
      random.nextBytes(evidence);
      contents.add(evidence);
      Files.write(folder.resolve("evidence.bin"), evidence);
      Files.writeString(folder.resolve("request.yaml"), "subject: Request " + i + "\n");
      Files.createFile(outbox.resolve("request-" + i + ".ready"));
    }
    for (int kill = 0; kill < 4; kill++) {
      Process node = startNode();
      Thread.sleep(700 + random.nextInt(1500)); // start-up is ~1 s, so kills land before and during the work
      node.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      assertTrue(node.waitFor(10, TimeUnit.SECONDS));
    }
    Process node = startNode();
    try {
      Path sent = drop.sent(GatewayNodeTest.SENDER);
      for (int i = 0; i < 600 && (count(sent) < SUBMISSIONS || count(drop.work(GatewayNodeTest.SENDER)) > 0); i++) {
        Thread.sleep(100);
      }
    } finally {
      node.destroyForcibly();
      node.waitFor(10, TimeUnit.SECONDS);
    }
    String log = Files.readString(home.resolve("node.log"));
    assertEquals(SUBMISSIONS, count(drop.sent(GatewayNodeTest.SENDER)), "every submission sent once\n" + log);
    assertEquals(0, count(drop.failed(GatewayNodeTest.SENDER)), "none failed\n" + log);
    assertEquals(0, count(drop.work(GatewayNodeTest.SENDER)), "nothing left in progress");
    assertEquals(0, count(outbox), "nothing left in the outbox");
    Path inbox = drop.inbox(GatewayNodeTest.COURT);
    assertEquals(SUBMISSIONS, count(inbox), "delivered exactly once each");
    Set<String> subjects = new HashSet<>();
    try (Stream<Path> exchanges = Files.list(inbox)) {
      for (Path exchange : exchanges.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        assertTrue(Files.exists(exchange.resolve("verification-report.txt")), "complete: " + exchange);
        String metadata = Files.readString(exchange.resolve("metadata.xml"));
        int i = Integer.parseInt(metadata.replaceAll("(?s).*<Subject>Request (\\d+)</Subject>.*", "$1"));
        assertTrue(subjects.add("" + i), "request " + i + " arrived twice");
        assertArrayEquals(contents.get(i), Files.readAllBytes(exchange.resolve("documents/evidence.bin")));
        assertTrue(Files.exists(drop.sent(GatewayNodeTest.SENDER).resolve(exchange.getFileName())
            .resolve("evidences")), "the sender has the evidences of " + exchange.getFileName());
      }
    }
  }

  private static long count(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }
}
