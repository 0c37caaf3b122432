package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drop-folder walk: only plain files of the submission itself, opened without following links. */
class NoFollowFolderTest {
  static final NoFollowFolder.Rules STRICT = new NoFollowFolder.Rules(false, 100);
  @TempDir Path work;
  @TempDir Path outside;
  Path submission;
  Path secret;

  @BeforeEach
  void setUp() throws Exception {
    submission = Files.createDirectories(work.resolve("r"));
    Files.writeString(submission.resolve("a.txt"), "document a");
    Files.createDirectories(submission.resolve("sub"));
    Files.writeString(submission.resolve("sub/b.txt"), "document b");
    secret = Files.writeString(outside.resolve("secret.txt"), "the secret");
  }

  private static String read(NoFollowFolder f, String name) throws IOException {
    try (InputStream in = f.open(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static GatewayException refusedOnOpen(NoFollowFolder f, String name) {
    GatewayIOException e = assertThrows(GatewayIOException.class, () -> read(f, name));
    return e.gatewayException();
  }

  @Test
  void listsAndOpensThePlainFiles() throws Exception {
    try (NoFollowFolder f = NoFollowFolder.open(submission, STRICT)) {
      assertEquals(List.of("a.txt", "sub/b.txt"), f.names());
      assertEquals("document b", read(f, "sub/b.txt"));
      assertEquals(10, f.files().get("a.txt").size());
    }
  }

  @Test
  void symlinkInASubfolderIsRefusedNamingIt() throws Exception {
    Files.createSymbolicLink(submission.resolve("sub/passwd.txt"), Path.of("/etc/passwd"));
    GatewayException e = assertThrows(GatewayException.class, () -> NoFollowFolder.open(submission, STRICT));
    assertEquals(ReasonCode.LINK_REFUSED, e.reason());
    assertTrue(e.getMessage().startsWith("'sub/passwd.txt' in the submission is a symbolic link"), e.getMessage());
    assertTrue(!e.getMessage().contains("/etc/passwd"), "never the target: " + e.getMessage());
  }

  @Test
  void symlinkToAFolderIsRefused() throws Exception {
    Files.createSymbolicLink(submission.resolve("etc"), Path.of("/etc"));
    assertEquals(ReasonCode.LINK_REFUSED,
        assertThrows(GatewayException.class, () -> NoFollowFolder.open(submission, STRICT)).reason());
  }

  @Test
  void submissionFolderThatIsALinkIsRefused() throws Exception {
    Path link = Files.createSymbolicLink(work.resolve("linked"), outside);
    GatewayException e = assertThrows(GatewayException.class, () -> NoFollowFolder.open(link, STRICT));
    assertEquals(ReasonCode.LINK_REFUSED, e.reason());
    assertTrue(e.getMessage().startsWith("'linked' in the submission is itself a symbolic link"), e.getMessage());
  }

  @Test
  void hardLinkIsRefusedUnlessAllowed() throws Exception {
    Files.createLink(submission.resolve("hard.txt"), secret);
    GatewayException e = assertThrows(GatewayException.class, () -> NoFollowFolder.open(submission, STRICT));
    assertEquals(ReasonCode.LINK_REFUSED, e.reason());
    assertTrue(e.getMessage().startsWith("'hard.txt' in the submission is a hard link"), e.getMessage());
    try (NoFollowFolder f = NoFollowFolder.open(submission, new NoFollowFolder.Rules(true, 100))) {
      assertEquals("the secret", read(f, "hard.txt"));
    }
  }

  @Test
  void fileSwappedForASymlinkAfterTheCheckIsNotFollowed() throws Exception {
    try (NoFollowFolder f = NoFollowFolder.open(submission, STRICT)) {
      Files.delete(submission.resolve("a.txt"));
      Files.createSymbolicLink(submission.resolve("a.txt"), secret);
      assertEquals(ReasonCode.LINK_REFUSED, refusedOnOpen(f, "a.txt").reason());
    }
  }

  @Test
  void fileSwappedForAHardLinkAfterTheCheckIsRefused() throws Exception {
    try (NoFollowFolder f = NoFollowFolder.open(submission, STRICT)) {
      Files.delete(submission.resolve("a.txt"));
      Files.createLink(submission.resolve("a.txt"), secret);
      assertEquals(ReasonCode.LINK_REFUSED, refusedOnOpen(f, "a.txt").reason());
    }
  }

  @Test
  void folderSwappedForASymlinkAfterTheCheckIsNotFollowed() throws Exception {
    Files.writeString(outside.resolve("b.txt"), "outside b");
    try (NoFollowFolder f = NoFollowFolder.open(submission, STRICT)) {
      Files.move(submission.resolve("sub"), submission.resolve("sub.old"));
      Files.createSymbolicLink(submission.resolve("sub"), outside);
      assertEquals(ReasonCode.LINK_REFUSED, refusedOnOpen(f, "sub/b.txt").reason());
    }
  }

  @Test
  void submissionFolderSwappedAfterTheCheckIsStillReadByItsDescriptor() throws Exception {
    try (NoFollowFolder f = NoFollowFolder.open(submission, STRICT)) {
      Files.move(submission, work.resolve("moved"));
      Files.createSymbolicLink(submission, outside);
      Files.writeString(outside.resolve("a.txt"), "outside a!");
      assertEquals("document a", read(f, "a.txt"), "the folder opened, not the name");
    }
  }

  @Test
  void fifoIsRefused() throws Exception {
    assertEquals(0, new ProcessBuilder("mkfifo", submission.resolve("pipe").toString()).start().waitFor());
    GatewayException e = assertThrows(GatewayException.class, () -> NoFollowFolder.open(submission, STRICT));
    assertEquals(ReasonCode.LINK_REFUSED, e.reason());
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void foldersNestedDeeperThanTheLimitAreRefusedWithoutRecursion() throws Exception {
    Path deep = submission;
    for (int i = 0; i <= NoFollowFolder.MAX_DEPTH; i++) {
      deep = Files.createDirectories(deep.resolve("d"));
    }
    assertEquals(ReasonCode.TOO_LARGE,
        assertThrows(GatewayException.class, () -> NoFollowFolder.open(submission, STRICT)).reason());
  }

  @Test
  void moreFilesThanAllowedAreRefused() throws Exception {
    GatewayException e = assertThrows(GatewayException.class,
        () -> NoFollowFolder.open(submission, new NoFollowFolder.Rules(false, 1)));
    assertEquals(ReasonCode.TOO_LARGE, e.reason());
  }
}
