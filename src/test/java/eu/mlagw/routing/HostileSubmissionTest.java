package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.config.ConfigLoader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: what anyone who can write into a drop folder can hand a real gateway node (the shipped
 * routes, real keys), and what must come of it: nothing outside the submission is read, sealed,
 * delivered or quoted; nothing is written outside the drop root; the refusal names the file and the
 * fix, with its reason code, early (before anything is sealed or accepted).
 */
class HostileSubmissionTest {
  static final String SENDER = GatewayNodeTest.SENDER;
  static final String COURT = GatewayNodeTest.COURT;
  /** What the secret files outside the drop root hold; must never appear anywhere the gateway writes. */
  static final String SECRET = "s3cret-keystore-password-Zq7";
  @TempDir static Path pki;
  @TempDir Path home;
  /** Outside the drop root: where a link points. */
  @TempDir Path outside;
  private GatewayNode node;
  private DropFolders drop;
  private Path secret;

  @BeforeAll
  static void makePki() {
    GatewayNodeTest.makePki(pki);
  }

  @BeforeEach
  void setUp() throws Exception {
    GatewayNodeTest.writeConfig(home, pki);
    drop = new DropFolders(home.resolve("drop"));
    secret = Files.writeString(outside.resolve("keystore-password.txt"), SECRET + "\n");
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private void startNode() throws Exception {
    node = new GatewayNode(new ConfigLoader().load(home.resolve("config")), Map.of(), Path.of("routes"),
        Clock.systemUTC());
    node.start();
  }

  private Path submission(String name) throws Exception {
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve(name));
    Files.writeString(folder.resolve("request.yaml"), "subject: Call records\ncaseReference: AL-2026-117\n");
    Files.writeString(folder.resolve("zahtjev.txt"), "Zamolnica");
    return folder;
  }

  private static void markReady(Path folder) throws Exception {
    Files.createFile(folder.resolveSibling(folder.getFileName() + ".ready"));
  }

  private Path awaitFailed() throws Exception {
    Path dir = drop.failed(SENDER);
    for (int i = 0; i < 300; i++) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          List<Path> items = s.filter(x -> !x.getFileName().toString().startsWith(".")).toList();
          if (!items.isEmpty() && Files.exists(items.get(0).resolve("evidences"))) {
            return items.get(0);
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing was returned to failed/ within 15 s");
  }

  private void assertNothingSealedOrDelivered() throws Exception {
    for (Path dir : List.of(drop.inbox(COURT), drop.sent(SENDER))) {
      try (Stream<Path> s = Files.list(dir)) {
        assertEquals(List.of(), s.toList(), dir + " must stay empty");
      }
    }
  }

  /** Every file the gateway wrote under the drop root, none of which may hold the secret. */
  private void assertSecretNowhereUnderTheDropRoot() throws Exception {
    try (Stream<Path> all = Files.walk(drop.root())) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSameFile(p, secret)) {
          String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
          assertFalse(content.contains(SECRET), p + " quotes the secret");
          assertFalse(content.contains(outside.toString()), p + " names the link's target");
        }
      }
    }
  }

  private static void assertNotWorldReadable(Path file) throws Exception {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    assertFalse(mode.contains(PosixFilePermission.OTHERS_READ), file + " is world-readable: " + mode);
  }

  private String refusal(Path failed, String reason) throws Exception {
    String error = Files.readString(failed.resolve("error.txt"));
    assertTrue(error.contains("Reason code: " + reason), error);
    assertTrue(Files.exists(failed.resolve("evidences/01-SubmissionRejection.p7s")), "refused before sealing");
    assertFalse(Files.exists(failed.resolve("evidences/01-SubmissionAcceptance.p7s")));
    assertNotWorldReadable(failed.resolve("error.txt"));
    assertNotWorldReadable(failed.resolve("evidences/01-SubmissionRejection.p7s"));
    return error;
  }

  @Test
  void symlinkToAFileOutsideTheDropRootIsRefusedNamingTheFile() throws Exception {
    startNode();
    Path folder = submission("symlink-passwd");
    Files.createSymbolicLink(folder.resolve("passwd.txt"), Path.of("/etc/passwd"));
    Files.createDirectories(folder.resolve("annex"));
    Files.createSymbolicLink(folder.resolve("annex/password.txt"), secret);
    markReady(folder);
    Path failed = awaitFailed();
    String error = refusal(failed, "LINK_REFUSED");
    assertTrue(error.contains("'annex/password.txt'") || error.contains("'passwd.txt'"), error);
    assertTrue(error.contains("Copy the real file into the submission"), error);
    assertFalse(error.contains("root:"), "nothing of /etc/passwd");
    assertTrue(Files.isSymbolicLink(failed.resolve("passwd.txt")), "the submission comes back as dropped");
    assertNothingSealedOrDelivered();
    assertSecretNowhereUnderTheDropRoot();
  }

  @Test
  void symlinkToProcSelfEnvironIsRefused() throws Exception {
    startNode();
    Path folder = submission("symlink-environ");
    Files.createSymbolicLink(folder.resolve("environ.txt"), Path.of("/proc/self/environ"));
    markReady(folder);
    String error = refusal(awaitFailed(), "LINK_REFUSED");
    assertTrue(error.contains("'environ.txt' in the submission is a symbolic link"), error);
    assertNothingSealedOrDelivered();
  }

  @Test
  void requestJsonLinkedToThePasswordFileIsRefusedWithoutQuotingIt() throws Exception {
    startNode();
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve("request-json-link"));
    Files.writeString(folder.resolve("zahtjev.txt"), "Zamolnica");
    Files.createSymbolicLink(folder.resolve("request.json"), secret);
    markReady(folder);
    Path failed = awaitFailed();
    String error = refusal(failed, "LINK_REFUSED");
    assertTrue(error.contains("'request.json'"), error);
    assertSecretNowhereUnderTheDropRoot();
  }

  @Test
  void hardLinkToAFileOutsideTheDropRootIsRefused() throws Exception {
    startNode();
    Path folder = submission("hard-link");
    Files.createLink(folder.resolve("password.txt"), secret);
    markReady(folder);
    String error = refusal(awaitFailed(), "LINK_REFUSED");
    assertTrue(error.contains("'password.txt' in the submission is a hard link"), error);
    assertNothingSealedOrDelivered();
    assertSecretNowhereUnderTheDropRoot();
  }

  @Test
  void hardLinksPassWhenGatewayYamlAllowsThem() throws Exception {
    Path gw = home.resolve("config/gateway.yaml");
    Files.writeString(gw, Files.readString(gw).replace("  pollMillis: 50\n", "  pollMillis: 50\n  allowHardLinks: true\n"));
    startNode();
    Path folder = submission("hard-link-allowed");
    Path shared = Files.writeString(outside.resolve("shared.txt"), "a scan kept elsewhere too");
    Files.createLink(folder.resolve("scan.txt"), shared);
    markReady(folder);
    Path sent = drop.sent(SENDER);
    eu.mlagw.testing.DropFolderWait.awaitSettled(sent, 15_000); // sent/ID exists from sealing on: wait for DELIVERED
    try (Stream<Path> s = Files.list(drop.inbox(COURT))) {
      Path inbox = s.findFirst().orElseThrow(() -> new AssertionError("not delivered"));
      assertEquals("a scan kept elsewhere too", Files.readString(inbox.resolve("documents/scan.txt")));
    }
  }

  @Test
  void fifoInASubmissionIsRefusedWithoutHanging() throws Exception {
    startNode();
    Path folder = submission("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", folder.resolve("pipe.txt").toString()).start();
    assertEquals(0, mkfifo.waitFor());
    markReady(folder);
    String error = refusal(awaitFailed(), "LINK_REFUSED");
    assertTrue(error.contains("'pipe.txt' in the submission is not a regular file"), error);
  }

  @Test
  void submissionFolderThatIsALinkIsReturnedAsTheLinkAndNothingIsWrittenOutside() throws Exception {
    startNode();
    Path target = Files.createDirectories(outside.resolve("elsewhere"));
    Files.writeString(target.resolve("request.yaml"), "subject: " + SECRET + "\nnot yaml: [\n");
    Files.writeString(target.resolve("zahtjev.txt"), "Zamolnica");
    Path link = Files.createDirectories(drop.outbox(SENDER).resolve(COURT)).resolve("linked-folder");
    Files.createSymbolicLink(link, target);
    markReady(link);
    Path failed = awaitFailed();
    assertFalse(Files.isSymbolicLink(failed), "failed/ holds a folder of the gateway's own");
    String error = refusal(failed, "LINK_REFUSED");
    assertTrue(error.contains("'linked-folder' in the submission is itself a symbolic link"), error);
    assertTrue(Files.isSymbolicLink(failed.resolve("linked-folder")), "the link itself comes back");
    try (Stream<Path> s = Files.list(target)) {
      assertEquals(Set.of("request.yaml", "zahtjev.txt"),
          Set.copyOf(s.map(p -> p.getFileName().toString()).toList()), "nothing written in the outside folder");
    }
    assertNothingSealedOrDelivered();
    assertSecretNowhereUnderTheDropRoot();
  }

  @Test
  void zipSubmissionThatIsALinkIsRefused() throws Exception {
    startNode();
    Path zip = outside.resolve("outside.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("request.yaml"));
      z.write("subject: Call records\n".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("secret.txt"));
      z.write(SECRET.getBytes(StandardCharsets.UTF_8));
    }
    Path outbox = Files.createDirectories(drop.outbox(SENDER).resolve(COURT));
    Files.createSymbolicLink(outbox.resolve("linked.zip"), zip);
    Path failed = awaitFailed();
    String error = refusal(failed, "LINK_REFUSED");
    assertTrue(error.contains("'linked.zip' in the submission is itself a symbolic link"), error);
    assertNothingSealedOrDelivered();
    assertSecretNowhereUnderTheDropRoot();
  }

  @Test
  void evidencesLinkInsideTheSubmissionIsNotWrittenThrough() throws Exception {
    startNode();
    Path folder = submission("evidences-link");
    Path target = Files.createDirectories(outside.resolve("evidence-target"));
    Files.createSymbolicLink(folder.resolve("evidences"), target);
    Files.createSymbolicLink(folder.resolve(".error.txt.tmp"), outside.resolve("planted.txt"));
    markReady(folder);
    Path failed = awaitFailed();
    refusal(failed, "LINK_REFUSED");
    try (Stream<Path> s = Files.list(target)) {
      assertEquals(List.of(), s.toList(), "no evidence written through the sender's link");
    }
    assertFalse(Files.exists(outside.resolve("planted.txt")), "error.txt not written through a planted link");
  }

  @Test
  void tenThousandAndOneFilesAreRefusedAtIntakeBeforeAnyAcceptance() throws Exception {
    startNode();
    Path folder = submission("many-files");
    for (int i = 0; i < 10_001; i++) {
      try (OutputStream o = Files.newOutputStream(folder.resolve("f" + i + ".txt"))) {
        o.write('x');
      }
    }
    long start = System.nanoTime();
    markReady(folder);
    Path failed = awaitFailed();
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("10,001 files refused TOO_LARGE in " + millis + " ms (marker to failed/)");
    String error = refusal(failed, "TOO_LARGE");
    assertTrue(error.contains("more than 9995 files") && error.contains("split it into several submissions"), error);
    assertTrue(millis < 10_000, "refused in " + millis + " ms");
    assertNothingSealedOrDelivered();
  }

  @Test
  void parseErrorOfRequestYamlDoesNotQuoteTheFile() throws Exception {
    startNode();
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve("bad-yaml"));
    Files.writeString(folder.resolve("request.yaml"), "subject: Call records\n  - " + SECRET + ": [\"x\n");
    Files.writeString(folder.resolve("zahtjev.txt"), "Zamolnica");
    markReady(folder);
    Path failed = awaitFailed();
    String error = refusal(failed, "REQUEST_INVALID");
    assertTrue(error.contains("line 2"), error);
    try (Stream<Path> all = Files.walk(failed.resolve("evidences"))) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(SECRET), p.toString());
      }
    }
    assertFalse(error.contains(SECRET), error);
  }

  @Test
  void duplicateKeyInRequestYamlIsRefusedNamingTheField() throws Exception {
    startNode();
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve("duplicate-key"));
    Files.writeString(folder.resolve("request.yaml"), "subject: Call records\nsubject: Bank records\n");
    Files.writeString(folder.resolve("zahtjev.txt"), "Zamolnica");
    markReady(folder);
    String error = refusal(awaitFailed(), "REQUEST_INVALID");
    assertTrue(error.contains("'subject'") && error.contains("line 2"), error);
  }

  @Test
  void oversizedRequestJsonIsRefusedTooLargeWithoutParsing() throws Exception {
    startNode();
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve("huge-json"));
    try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(folder.resolve("request.json")))) {
      o.write("{\"subject\":\"x\",\"n\":[".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 6_000_000; i++) {
        o.write(i == 0 ? "1".getBytes(StandardCharsets.US_ASCII) : ",1".getBytes(StandardCharsets.US_ASCII));
      }
      o.write("]}".getBytes(StandardCharsets.US_ASCII));
    }
    Files.writeString(folder.resolve("zahtjev.txt"), "Zamolnica");
    markReady(folder);
    String error = refusal(awaitFailed(), "TOO_LARGE");
    assertTrue(error.contains("request.json has 12000021 bytes") && error.contains("at most 1048576 bytes"), error);
  }

  @Test
  void statusFilesOfADeliveredExchangeAreNotWorldReadable() throws Exception {
    startNode();
    markReady(submission("plain"));
    Path sent = drop.sent(SENDER);
    eu.mlagw.testing.DropFolderWait.awaitSettled(sent, 15_000); // sent/ID exists from sealing on: wait for DELIVERED
    try (Stream<Path> s = Files.list(sent)) {
      Path exchange = s.findFirst().orElseThrow(() -> new AssertionError("not sent"));
      for (String f : List.of("status.txt", "status.json", "request.xml")) {
        assertNotWorldReadable(exchange.resolve(f));
      }
      try (Stream<Path> evidences = Files.list(exchange.resolve("evidences"))) {
        List<Path> all = evidences.toList();
        assertFalse(all.isEmpty(), "no evidence in sent/");
        for (Path e : all) {
          assertNotWorldReadable(e);
        }
      }
    }
  }
}
