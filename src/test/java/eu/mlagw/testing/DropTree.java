package eu.mlagw.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One participant's drop folders as the contract of issue 10 describes them (docs: drop-folder
 * contract): outbox/RECIPIENT/NAME + NAME.ready, .work/ID, sent/ID, failed/NAME, inbox/ID (+
 * ID.taken). The test's own reading of the layout, independent of the gateway's classes.
 */
public record DropTree(Path root) {
  public Path outbox(String recipient) {
    return root.resolve("outbox").resolve(recipient);
  }

  public Path work() {
    return root.resolve(".work");
  }

  public Path sent() {
    return root.resolve("sent");
  }

  public Path failed() {
    return root.resolve("failed");
  }

  public Path inbox() {
    return root.resolve("inbox");
  }

  /** Folders in {@code dir} whose name does not start with a dot (exchanges, submissions); empty if absent. */
  public static List<Path> folders(Path dir) throws IOException {
    return entries(dir).stream().filter(Files::isDirectory).toList();
  }

  /** Everything in {@code dir} whose name does not start with a dot; empty if {@code dir} is absent. */
  public static List<Path> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  /** Everything in {@code dir}, hidden entries included; empty if absent. */
  public static List<Path> allEntries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** Every regular file under {@code dir} (recursively, hidden ones included) whose name ends with {@code suffix}. */
  public static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    // the gateways go on while the tree is read: a file or folder that goes away under the walk is
    // read again (Files.walk throws when an entry it listed is gone by the time it looks at it)
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
      } catch (java.io.UncheckedIOException e) {
        if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
