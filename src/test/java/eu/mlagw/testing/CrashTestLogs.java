package eu.mlagw.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps the node logs of a crash test under {@code target/crash-tests/TEST/} (the test's temporary
 * folder is deleted), so a failed run can be read afterwards.
 */
public final class CrashTestLogs {
  private CrashTestLogs() {}

  /** Copies each existing {@code log} to {@code target/crash-tests/test/GW.log}; returns that folder. */
  public static Path keep(String test, GatewayProcess... nodes) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "crash-tests", test).toAbsolutePath());
    for (GatewayProcess n : nodes) {
      if (Files.exists(n.log())) {
        Files.copy(n.log(), dir.resolve(n.name() + ".log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }
}
