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

  /** True once sealed: the exchange is in sent/ (not in the hidden work folder). */
  public boolean isSealed() {
    Path parent = workDir.getParent();
    return parent != null && !parent.getFileName().toString().equals(".work");
  }

  public Path packageFile() {
    return workDir.resolve("package.p7m");
  }
}
