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
}
