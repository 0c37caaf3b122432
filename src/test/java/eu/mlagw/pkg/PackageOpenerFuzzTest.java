package eu.mlagw.pkg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.crypto.EnvelopeOutputStream;
import eu.mlagw.testing.FuzzContract;
import eu.mlagw.testing.FuzzPki;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes what the package opener does with a container: the input is the plaintext container (an
 * attacker needs only the recipient's public certificate to wrap anything in a valid envelope), which
 * the harness encrypts for the fuzz PKI's recipient and opens with {@link PackageOpener} at the fuzz
 * PKI's fixed time. Contract: {@link FuzzContract}, and nothing is left behind on refusal — the
 * work folder then holds only the package file (no staging folder, nothing written beside it).
 * Seeds: the containers of fuzz PKI packages (they verify) and hand-made edge cases (see FuzzSeeds).
 */
class PackageOpenerFuzzTest {
  private static Path work;
  private static final SecureRandom RANDOM = new SecureRandom();

  @BeforeAll
  static void work() throws IOException {
    work = Files.createTempDirectory("mlagw-fuzz-open");
  }

  @AfterAll
  static void cleanUp() throws IOException {
    deleteTree(work);
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void openContainer(byte[] container) throws Exception {
    FuzzPki pki = FuzzPki.get();
    Path file = work.resolve("package.p7m");
    Path out = work.resolve("opened");
    try {
      try (OutputStream env = new EnvelopeOutputStream(Files.newOutputStream(file),
          List.of(pki.recipientEc.certificate()), EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE, RANDOM)) {
        env.write(container);
      }
      boolean[] opened = {false};
      FuzzContract.acceptOrRefuse(() -> {
        pki.opener().open(file, FuzzPki.RECIPIENT, pki.recipientEc, out, (done, total) -> { });
        opened[0] = true;
      });
      try (Stream<Path> left = Files.list(work)) {
        List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
        List<String> expected = opened[0] ? List.of("opened", "package.p7m") : List.of("package.p7m");
        if (!names.equals(expected)) {
          throw new AssertionError("after " + (opened[0] ? "opening" : "refusing") + " the work folder holds "
              + names + ", expected " + expected);
        }
      }
    } finally {
      deleteTree(out);
      Files.deleteIfExists(file);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
