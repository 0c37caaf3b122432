package eu.mlagw.routing;

import java.nio.file.Path;

/**
 * A submission the gateway has claimed from an outbox: it now lives in {@code workDir/original/NAME}
 * (a folder, or a .zip file) and nowhere else, so it cannot be picked up twice.
 */
public record Submission(String exchangeId, String sender, String recipient, String name, Path workDir) {
  /** The claimed folder or zip file. */
  public Path original() {
    return workDir.resolve("original").resolve(name);
  }

  public Path packageFile() {
    return workDir.resolve("package.p7m");
  }
}
