package eu.mlagw.routing;

import eu.mlagw.pdf.Receipt;
import eu.mlagw.pkg.AsicManifest;
import eu.mlagw.pkg.PackageSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code documents.sha256} in an exchange's folder: the SHA-256 of every document as sealed into the
 * package (from the signed manifest), in {@code sha256sum} format ("hex, two spaces, name"), which
 * the receipt lists and {@code sha256sum -c} checks against the original files.
 */
final class DocumentDigests {
  static final String FILE = "documents.sha256";
  /** More lines than any package holds documents: a damaged file is not read without end. */
  private static final int MAX_LINES = 100_000;

  private DocumentDigests() {}

  /** The document entries of {@code manifest} (not metadata.xml or request.xml), one line each. */
  static String format(List<AsicManifest.Reference> manifest) {
    StringBuilder b = new StringBuilder();
    for (AsicManifest.Reference r : manifest) {
      if (r.name().startsWith(PackageSealer.DOCUMENTS_PREFIX)) {
        b.append(HexFormat.of().formatHex(r.sha256())).append("  ")
            .append(r.name().substring(PackageSealer.DOCUMENTS_PREFIX.length())).append('\n');
      }
    }
    return b.toString();
  }

  /** The documents listed in {@code dir/documents.sha256}; empty when there is none (not sealed). */
  static List<Receipt.Document> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    List<Receipt.Document> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines.limit(MAX_LINES)::iterator) {
        int gap = line.indexOf("  ");
        if (gap == 64) {
          out.add(new Receipt.Document(line.substring(gap + 2), line.substring(0, gap)));
        }
      }
    }
    return out;
  }
}
