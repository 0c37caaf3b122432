package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import eu.mlagw.testing.CrashTestLogs;
import eu.mlagw.testing.DropTree;
import eu.mlagw.testing.GatewayProcess;
import eu.mlagw.testing.MlagwCli;
import eu.mlagw.testing.StatusJson;
import eu.mlagw.testing.Submitter;
import eu.mlagw.testing.Tmpfs;
import eu.mlagw.testing.TwoGatewayHomes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a full disk at the receiving gateway is transient. gw-rs's drop root (where it stores
 * incoming packages and its inbox) is a 24 MiB tmpfs filled up to 1 MiB; a 5 MiB submission from
 * gw-al cannot be stored there. The sender must keep it in sent/ID with status.json {@code
 * SENDING}, {@code sending.attempt} ≥ 2 and a reason code — not fail it — and once the operator
 * frees space it is delivered, with no partial file left on the receiver's disk. Nothing the
 * sender's office reads (status files, error.txt, {@code mlagw status}) shows a path of gw-rs.
 *
 * <p>Tagged {@code lifecycle} (see pom.xml): run with {@code mvn test-compile surefire:test@lifecycle
 * -Dtest=ReceiverDiskFullTest}. Needs root for the mount; fails without it.
 */
@Tag("lifecycle")
class ReceiverDiskFullTest {
  private static final int DOCUMENT_BYTES = 5 * 1024 * 1024;
  private static final String DELIVERY = "delivery:\n  firstRetryDelay: 500ms\n  maxRetryDelay: 2s\n  deadline: 10m\n";
  @TempDir Path home;

  @Test
  @Timeout(value = 170, unit = TimeUnit.SECONDS)
  void aSubmissionTooLargeForTheReceiversFullDiskIsRetriedAndDeliveredOnceSpaceIsFreed() throws Exception {
    Path rsDisk = Files.createDirectories(home.resolve("gw-rs-disk"));
    try (Tmpfs disk = Tmpfs.mount(rsDisk, "24m")) {
      TwoGatewayHomes homes = TwoGatewayHomes.create(home, null, rsDisk, DELIVERY);
      GatewayProcess al = homes.process(TwoGatewayHomes.GW_AL);
      GatewayProcess rs = homes.process(TwoGatewayHomes.GW_RS);
      try (al; rs) {
        al.start();
        rs.start();
        assertTrue(al.awaitListening(Duration.ofSeconds(60)) && rs.awaitListening(Duration.ofSeconds(60)),
            "both gateways start");
        Path filler = rsDisk.resolve("filler.bin");
        disk.fillLeaving(filler, 1024 * 1024);
        byte[] document = new byte[DOCUMENT_BYTES];
        new Random().nextBytes(document);
        DropTree sender = homes.tree(TwoGatewayHomes.AL);
        Submitter.drop(sender, TwoGatewayHomes.RS, "big-1", document, "DF-2026-1");

        Path sent = awaitRetrying(sender, Duration.ofSeconds(60));
        assertTrue(DropTree.folders(homes.tree(TwoGatewayHomes.RS).inbox()).isEmpty(), "nothing delivered yet");
        MlagwCli.Result status = MlagwCli.run(Duration.ofSeconds(60), "status", "--config",
            homes.config(TwoGatewayHomes.GW_AL).toString());
        assertTrue(status.output().toLowerCase(java.util.Locale.ROOT).contains("sending"),
            "mlagw status shows the exchange as sending:\n" + status.output());
        assertNoPathOf(homes, TwoGatewayHomes.GW_RS, sender, status.output());

        Files.delete(filler); // the operator frees space
        Path inbox = awaitDelivered(homes, sent, Duration.ofSeconds(60));
        assertArrayEquals(document, Files.readAllBytes(inbox.resolve("documents").resolve(Submitter.documentOf("big-1"))));
        assertTrue(DropTree.folders(sender.failed()).isEmpty(), "nothing failed");
        assertEquals(List.of(), DropTree.filesEndingWith(rsDisk, ".part"), "no partial package left on gw-rs's disk");
        assertNoPathOf(homes, TwoGatewayHomes.GW_RS, sender, "");
        al.stop(Duration.ofSeconds(15));
        rs.stop(Duration.ofSeconds(15));
      } finally {
        System.out.println("node logs kept in " + CrashTestLogs.keep(getClass().getSimpleName(), al, rs));
      }
    }
  }

  /** Waits for sent/ID in SENDING with attempt ≥ 2 and a reason code; fails at once if it went to failed/. */
  private static Path awaitRetrying(DropTree sender, Duration bound) throws Exception {
    long end = System.nanoTime() + bound.toNanos();
    String last = "no sent/ID yet";
    while (System.nanoTime() < end) {
      for (Path failed : DropTree.folders(sender.failed())) {
        fail("a full disk at the receiver ended the exchange for good instead of being retried: " + failed.getFileName()
            + "\n" + read(failed.resolve("error.txt")));
      }
      for (Path sent : DropTree.folders(sender.sent())) {
        Optional<StatusJson> s = StatusJson.of(sent);
        if (s.isPresent()) {
          last = sent.getFileName() + ": " + s.get();
          if ("SENDING".equals(s.get().state()) && s.get().attempt() >= 2 && !s.get().sendingReasonCode().isBlank()) {
            return sent;
          }
          if (!"SENDING".equals(s.get().state()) && !"SEALED".equals(s.get().state())) {
            fail("expected SENDING while gw-rs's disk is full, found " + last);
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no retry visible within " + bound + " (status.json SENDING, sending.attempt >= 2, "
        + "sending.reasonCode); last seen: " + last);
  }

  private static Path awaitDelivered(TwoGatewayHomes homes, Path sent, Duration bound) throws Exception {
    Path inbox = homes.tree(TwoGatewayHomes.RS).inbox().resolve(sent.getFileName());
    long end = System.nanoTime() + bound.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      last = StatusJson.of(sent).map(StatusJson::toString).orElse("no status.json in " + sent);
      if (Files.isDirectory(inbox) && StatusJson.of(sent).map(StatusJson::state).orElse("").equals("DELIVERED")) {
        return inbox;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not delivered within " + bound + " after space was freed; inbox folder present: "
        + Files.isDirectory(inbox) + "; sender's status: " + last);
  }

  /** No text the sender's office reads (its sent/ and failed/ files, {@code extra}) names a path of {@code other}. */
  private static void assertNoPathOf(TwoGatewayHomes homes, String other, DropTree sender, String extra) throws Exception {
    List<String> otherPaths = List.of(homes.dropRoot(other).toString(), homes.gatewayHome(other).toString(), ".incoming");
    StringBuilder texts = new StringBuilder(extra);
    for (Path dir : List.of(sender.sent(), sender.failed())) {
      if (Files.isDirectory(dir)) {
        // the node runs on: a file it writes and deletes meanwhile (a .transition.json) may be gone
        // between the listing and the read (failed in CI), so a vanished one is skipped
        List<Path> found = new java.util.ArrayList<>();
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
            if (a.isRegularFile() && (f.toString().endsWith(".txt") || f.toString().endsWith(".json"))
                && !f.toString().contains("/original/")) {
              found.add(f);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path f, java.io.IOException e) throws java.io.IOException {
            if (e instanceof java.nio.file.NoSuchFileException) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
        for (Path f : found) {
          texts.append('\n').append(f.getFileName()).append(": ").append(read(f));
        }
      }
    }
    for (String p : otherPaths) {
      assertTrue(!texts.toString().contains(p), "the sender's texts show " + p + " of " + other + ":\n" + texts);
    }
  }

  private static String read(Path f) throws Exception {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException gone) {
      return "(no " + f.getFileName() + ")";
    }
  }
}
