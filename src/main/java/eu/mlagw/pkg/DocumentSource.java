package eu.mlagw.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A document to seal: the file on disk, its name inside the package (relative, '/'-separated,
 * without the {@code documents/} prefix) and how to open it. Documents from a drop folder are opened
 * through {@link NoFollowFolder} (never through a link); others by their path.
 */
public record DocumentSource(Path file, String name, String mediaType, Opener opener) {
  /** Opens the document's content; each call gives a new stream from the start. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** A document read by its path (files IT staff name on the command line). */
  public DocumentSource(Path file, String name, String mediaType) {
    this(file, name, mediaType, () -> Files.newInputStream(file));
  }

  public static DocumentSource of(Path file, String name) {
    return new DocumentSource(file, name, MediaTypes.forName(name));
  }

  /** A new stream over the document's content. */
  public InputStream open() throws IOException {
    return opener.open();
  }

  /**
   * Every regular file under {@code folder}, sorted, named by its '/'-separated relative path;
   * hidden files (names starting with '.') and the relative paths in {@code except} are left out.
   * For folders the operator chose; drop-folder submissions use {@link #allIn(NoFollowFolder, java.util.Set)}.
   */
  public static java.util.List<DocumentSource> allIn(Path folder, java.util.Set<String> except)
      throws eu.mlagw.error.GatewayException {
    java.util.List<DocumentSource> docs = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        String rel = folder.relativize(p).toString().replace('\\', '/');
        if (java.nio.file.Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")
            && !except.contains(rel)) {
          docs.add(of(p, rel));
        }
      }
    } catch (java.io.IOException e) {
      throw new eu.mlagw.error.GatewayException(eu.mlagw.error.ReasonCode.INPUT_INVALID, "cannot list the documents in "
          + folder + ": " + e.getMessage() + "; check that the folder exists and is readable", e);
    }
    return docs;
  }

  /**
   * Every listed file of a drop-folder submission, sorted by name, opened only through
   * {@code folder}; hidden files (names starting with '.') and the names in {@code except} left out.
   */
  public static java.util.List<DocumentSource> allIn(NoFollowFolder folder, java.util.Set<String> except) {
    java.util.List<DocumentSource> docs = new java.util.ArrayList<>();
    for (String rel : folder.names()) {
      String own = rel.substring(rel.lastIndexOf('/') + 1);
      if (!own.startsWith(".") && !except.contains(rel)) {
        docs.add(new DocumentSource(folder.folder().resolve(rel), rel, MediaTypes.forName(rel),
            () -> folder.open(rel)));
      }
    }
    return docs;
  }
}
