package eu.mlagw.transport;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One document of a {@link PushedExchange}: its file name as the recipient should store it, media
 * type, size and SHA-256 (both as released into the inbox; the receiving system checks them), and
 * the file it is streamed from.
 *
 * @param name file name without any folder, e.g. {@code request.pdf} (no {@code / \ "}, control
 *     characters or leading dot)
 * @param mediaType e.g. {@code application/pdf}
 * @param size bytes
 * @param sha256Hex SHA-256 of the bytes, 64 hex digits (stored lower-case)
 * @param file where the bytes are read from, at push time
 */
public record PushedDocument(String name, String mediaType, long size, String sha256Hex, Path file) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Checks every value; throws IllegalArgumentException naming the bad one. */
  public PushedDocument {
    requireSafeName(name);
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(file, "file");
    if (mediaType.isBlank() || mediaType.contains("\r") || mediaType.contains("\n")) {
      throw new IllegalArgumentException("document " + name + ": media type '" + mediaType + "' is not valid");
    }
    if (size < 0) {
      throw new IllegalArgumentException("document " + name + ": size " + size + " is negative");
    }
    sha256Hex = Objects.requireNonNull(sha256Hex, "sha256Hex").toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(sha256Hex).matches()) {
      throw new IllegalArgumentException("document " + name + ": SHA-256 must be 64 hex digits, got '" + sha256Hex + "'");
    }
  }

  /**
   * Throws unless {@code name} is usable as a plain file name on every system and inside a
   * multipart header: non-blank, at most 200 characters, no {@code / \ "}, no control character,
   * not starting with a dot.
   */
  static void requireSafeName(String name) {
    Objects.requireNonNull(name, "name");
    boolean bad = name.isBlank() || name.length() > 200 || name.startsWith(".");
    for (int i = 0; !bad && i < name.length(); i++) {
      char c = name.charAt(i);
      bad = c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"';
    }
    if (bad) {
      throw new IllegalArgumentException("'" + name + "' cannot be used as a document name: use a plain file name "
          + "(no / \\ \" or control characters, not starting with a dot, at most 200 characters)");
    }
  }
}
