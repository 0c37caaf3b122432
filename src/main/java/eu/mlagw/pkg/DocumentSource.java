package eu.mlagw.pkg;

import java.nio.file.Path;

/**
 * A document to seal: the file on disk and its name inside the package (relative, '/'-separated,
 * without the {@code documents/} prefix).
 */
public record DocumentSource(Path file, String name, String mediaType) {
  public static DocumentSource of(Path file, String name) {
    return new DocumentSource(file, name, MediaTypes.forName(name));
  }

  /**
   * Every regular file under {@code folder}, sorted, named by its '/'-separated relative path;
   * hidden files (names starting with '.') and the relative paths in {@code except} are left out.
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
}
