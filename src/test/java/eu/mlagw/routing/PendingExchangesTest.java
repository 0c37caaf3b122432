package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rescan of {@code .work/} in a shared drop root: what a live other node of the cluster owns is
 * left alone (its half-written package is not a leftover), what nobody owns is taken and cleaned.
 */
class PendingExchangesTest {
  private static final String SENDER = "AL-PG-TIRANA";
  @TempDir Path root;

  /** Claims as a cluster answers them: the ids in {@code elsewhere} are owned by a live other node. */
  private static final class OtherNodeOwns implements ExchangeClaims {
    final Set<String> elsewhere = new HashSet<>();
    final Set<String> mine = new HashSet<>();

    @Override public boolean tryClaim(Path source) {
      return true;
    }

    @Override public void release(Path source) {}

    @Override public boolean isClaimedElsewhere(Path source) {
      return false;
    }

    @Override public boolean own(String exchangeId) {
      if (elsewhere.contains(exchangeId)) {
        return false;
      }
      mine.add(exchangeId);
      return true;
    }

    @Override public void disown(String exchangeId) {
      mine.remove(exchangeId);
    }
  }

  private Path exchangeBeingSealed(DropFolders folders, String id) throws Exception {
    Path work = Files.createDirectories(folders.work(SENDER).resolve(id).resolve("original").resolve("request-1"));
    Files.writeString(work.resolve("statement.pdf"), "a statement");
    Path dir = folders.work(SENDER).resolve(id);
    StatusFiles.writeRecipient(dir, "RS-HC-BELGRADE");
    Files.writeString(dir.resolve("package.p7m.part-1a2b"), "half a package");
    return dir;
  }

  @Test
  void anExchangeALiveOtherNodeOwnsIsLeftAsItIsAndOneNobodyOwnsIsResumedWithItsPartialPackageRemoved() throws Exception {
    DropFolders folders = new DropFolders(root);
    OtherNodeOwns claims = new OtherNodeOwns();
    Path theirs = exchangeBeingSealed(folders, "01a2491c-7aba-73cc-b94d-83ceb01dd3b0");
    Path orphan = exchangeBeingSealed(folders, "01a2491c-7aea-725b-9f17-212cc341401d");
    Path claiming = Files.createDirectories(folders.work(SENDER).resolve("01a2491c-78fc-721b-98d3-c57f76bc9a6e"));
    claims.elsewhere.add("01a2491c-7aba-73cc-b94d-83ceb01dd3b0");
    claims.elsewhere.add("01a2491c-78fc-721b-98d3-c57f76bc9a6e");

    PendingExchanges pending = new PendingExchanges(folders, claims, Clock.systemUTC());
    int found = pending.scan(List.of(SENDER));

    assertEquals(1, found, "only the exchange no live node owns is resumed here");
    assertTrue(Files.exists(theirs.resolve("package.p7m.part-1a2b")), "the other node's package being written stays");
    assertTrue(Files.isDirectory(claiming), "the folder another node has just made for its claim stays");
    assertFalse(Files.exists(orphan.resolve("package.p7m.part-1a2b")), "a package never recorded as sealed is made again");
    assertEquals(Set.of("01a2491c-7aea-725b-9f17-212cc341401d"), claims.mine, "this node owns what it resumes, nothing else");
    assertEquals(List.of("01a2491c-7aea-725b-9f17-212cc341401d"),
        pending.due().stream().map(Submission::exchangeId).toList());
  }
}
