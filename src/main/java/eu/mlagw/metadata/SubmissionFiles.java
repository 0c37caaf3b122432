package eu.mlagw.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The regular files of a submission as the gateway found them, and how to open each. The drop-folder
 * intake builds one that never follows a link (routing/, over {@code eu.mlagw.pkg.NoFollowFolder});
 * {@link #of(Path)} lists a folder the operator chose. Names are '/'-separated and relative to the
 * submission; hidden files are included (the reader leaves them out).
 */
public interface SubmissionFiles {
  /** Every regular file's name, sorted. */
  List<String> names();

  /** The size in bytes of a listed file, as listed (before it is opened). */
  long size(String name);

  /** A new stream over a listed file. */
  InputStream open(String name) throws IOException;

  /**
   * The regular files under {@code folder}, listed without following links (a link is simply not
   * listed) and opened with {@code O_NOFOLLOW}. For folders IT staff or tests name; the intake uses
   * its own, stricter listing that refuses links.
   */
  static SubmissionFiles of(Path folder) throws IOException {
    Map<String, Long> sizes = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          sizes.put(folder.relativize(p).toString().replace('\\', '/'), Files.size(p));
        }
      }
    }
    List<String> names = new ArrayList<>(sizes.keySet());
    Collections.sort(names);
    return new SubmissionFiles() {
      @Override
      public List<String> names() {
        return names;
      }

      @Override
      public long size(String name) {
        return sizes.get(name);
      }

      @Override
      public InputStream open(String name) throws IOException {
        if (!sizes.containsKey(name)) {
          throw new java.nio.file.NoSuchFileException(name);
        }
        return Files.newInputStream(folder.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      }
    };
  }
}
