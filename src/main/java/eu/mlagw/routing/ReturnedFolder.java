package eu.mlagw.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system care for a submission returned to failed/: it is the sender's folder, not ours. */
final class ReturnedFolder {
  private static final String EVIDENCES = eu.mlagw.evidence.EvidenceIssuer.FOLDER;

  private ReturnedFolder() {}

  /**
   * Makes {@code returned/evidences} a folder the gateway created itself. An {@code evidences}
   * entry the sender put there (a link to a folder elsewhere, say) is kept under another name, so
   * no evidence is ever written through it. Idempotent.
   */
  static void ownEvidenceFolder(Path returned, String exchangeId) throws IOException {
    Path folder = returned.resolve(EVIDENCES);
    Path marker = returned.resolve(".gateway-evidences");
    if (Files.exists(marker)) {
      return;
    }
    if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(folder, returned.resolve(EVIDENCES + "-as-submitted-" + exchangeId), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
    Files.createFile(marker);
  }

  /** The gateway's files in {@code folder} to {@link StatusFiles#FILE_MODE} (they name the case). */
  static void restrict(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(f, StatusFiles.FILE_MODE);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
