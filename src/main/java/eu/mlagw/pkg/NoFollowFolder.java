package eu.mlagw.pkg;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The regular files of a folder someone else can write into (a drop-folder submission), listed and
 * opened without following any link. The folder is opened relative to its parent with
 * {@code O_NOFOLLOW}; every folder below it and every file is opened relative to its parent folder's
 * descriptor ({@link SecureDirectoryStream}, {@code openat}), so no path is ever resolved again
 * through something the writer could have swapped in.
 *
 * <p>Refused with LINK_REFUSED (naming the entry by its name in the folder, never its target): the
 * folder itself being a link, a symbolic link anywhere below it, a hard link (a file whose link
 * count is above 1: the same file is also somewhere else, possibly outside the drop root) unless
 * allowed, a device, FIFO or socket. Refused with TOO_LARGE: more files than allowed, or folders
 * nested deeper than {@link #MAX_DEPTH}. The walk is iterative, so nesting costs no stack.
 *
 * <p>{@link #open} checks that the name still holds the very file that was listed (same device and
 * inode, regular, same size) and refuses it otherwise. What remains: a writer who still holds the
 * folder open after the claim and swaps a file and back between our open and our re-check; see the
 * threat model. Needs a platform with secure directory streams (Linux); elsewhere it refuses to work
 * rather than follow links. Not thread-safe; close it when the files have been read.
 */
public final class NoFollowFolder implements Closeable {
  /** Deepest folder nesting accepted below the submission folder. */
  public static final int MAX_DEPTH = 32;

  /** What a walk accepts. */
  public record Rules(boolean allowHardLinks, int maxFiles) {}

  /** A listed regular file: its '/'-separated name in the folder, its size and identity. */
  public record Entry(String name, long size, Object fileKey) {}

  private final Path folder;
  private final SecureDirectoryStream<Path> root;
  private final Map<String, Entry> files;

  private NoFollowFolder(Path folder, SecureDirectoryStream<Path> root, Map<String, Entry> files) {
    this.folder = folder;
    this.root = root;
    this.files = files;
  }

  /**
   * Opens {@code folder} (whose parent the gateway owns) and lists every regular file below it,
   * hidden ones included (callers decide what to leave out).
   *
   * @throws GatewayException LINK_REFUSED, TOO_LARGE as described above; INPUT_INVALID if
   *     {@code folder} is not a folder; IO_ERROR if it cannot be read
   */
  public static NoFollowFolder open(Path folder, Rules rules) throws GatewayException {
    String shown = folder.getFileName().toString();
    SecureDirectoryStream<Path> root;
    try (DirectoryStream<Path> parent = Files.newDirectoryStream(folder.toAbsolutePath().getParent())) {
      if (!(parent instanceof SecureDirectoryStream<Path> secure)) {
        throw new GatewayException(ReasonCode.IO_ERROR, "this platform cannot open folders without following "
            + "links (no secure directory streams), so drop-folder submissions are refused; run the gateway on Linux");
      }
      BasicFileAttributes a = attributes(secure, folder.getFileName(), shown);
      if (a.isSymbolicLink()) {
        throw linkRefused(shown, "is itself a symbolic link");
      }
      if (!a.isDirectory()) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "'" + shown + "' is not a folder");
      }
      try {
        root = secure.newDirectoryStream(folder.getFileName(), LinkOption.NOFOLLOW_LINKS);
      } catch (FileSystemException e) {
        if (attributes(secure, folder.getFileName(), shown).isSymbolicLink()) {
          throw linkRefused(shown, "is itself a symbolic link"); // swapped in since the check: ELOOP
        }
        throw e;
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the submission '" + shown + "': "
          + e.getClass().getSimpleName(), e);
    }
    try {
      Map<String, Entry> files = walk(folder, root, rules);
      return new NoFollowFolder(folder, root, files);
    } catch (GatewayException | RuntimeException e) {
      closeQuietly(root);
      throw e;
    }
  }

  private static Map<String, Entry> walk(Path folder, SecureDirectoryStream<Path> root, Rules rules)
      throws GatewayException {
    Map<String, Entry> files = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.push("");
    boolean first = true;
    while (!pending.isEmpty()) {
      String dirName = pending.pop();
      SecureDirectoryStream<Path> dir = null;
      try {
        dir = first ? root : openFolder(root, dirName);
        first = false;
        for (Path child : dir) {
          String name = child.getFileName().toString();
          String rel = dirName.isEmpty() ? name : dirName + "/" + name;
          BasicFileAttributes a = attributes(dir, child.getFileName(), rel);
          if (a.isSymbolicLink()) {
            throw linkRefused(rel, "is a symbolic link");
          } else if (a.isDirectory()) {
            if (rel.split("/").length > MAX_DEPTH) {
              throw new GatewayException(ReasonCode.TOO_LARGE, "the folder '" + rel + "' is nested more than "
                  + MAX_DEPTH + " folders deep; flatten the submission");
            }
            pending.push(rel);
          } else if (a.isRegularFile()) {
            if (!rules.allowHardLinks() && linkCount(folder.resolve(rel), a.fileKey(), rel) > 1) {
              throw linkRefused(rel, "is a hard link (the same file is also elsewhere)");
            }
            if (files.size() >= rules.maxFiles()) {
              throw new GatewayException(ReasonCode.TOO_LARGE, "the submission holds more than "
                  + rules.maxFiles() + " files, more than one package may carry; split it into several submissions");
            }
            files.put(rel, new Entry(rel, a.size(), a.fileKey()));
          } else {
            throw linkRefused(rel, "is not a regular file (a device, FIFO or socket)");
          }
        }
      } catch (java.nio.file.DirectoryIteratorException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot list '" + dirName + "' in the submission", e);
      } finally {
        if (dir != null && dir != root) {
          closeQuietly(dir);
        }
      }
    }
    return files;
  }

  /** The folder this was opened on (for messages and metadata; never opened by path again). */
  public Path folder() {
    return folder;
  }

  /** Every listed regular file, by name, in the order found. */
  public Map<String, Entry> files() {
    return Collections.unmodifiableMap(files);
  }

  /** The names of every listed regular file, sorted. */
  public List<String> names() {
    List<String> names = new ArrayList<>(files.keySet());
    Collections.sort(names);
    return names;
  }

  /**
   * Opens a listed file for reading without following links, after checking that its name still
   * holds the listed file.
   *
   * @throws NoSuchFileException if {@code name} was not listed
   * @throws IOException wrapping LINK_REFUSED if the file was replaced since it was listed
   */
  public InputStream open(String name) throws IOException {
    Entry e = files.get(name);
    if (e == null) {
      throw new NoSuchFileException(name);
    }
    int slash = name.lastIndexOf('/');
    SecureDirectoryStream<Path> dir = null;
    try {
      dir = slash < 0 ? root : openFolder(root, name.substring(0, slash));
      Path last = Path.of(name.substring(slash + 1));
      SeekableByteChannel ch;
      try {
        ch = dir.newByteChannel(last, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      } catch (IOException x) {
        // O_NOFOLLOW on a link fails with ELOOP, which the JDK reports as a plain IOException
        if (attributes(dir, last, name).isSymbolicLink()) {
          throw new eu.mlagw.error.GatewayIOException(linkRefused(name, "was replaced by a link"));
        }
        throw x;
      }
      BasicFileAttributes now = dir.getFileAttributeView(last, BasicFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS).readAttributes();
      if (!now.isRegularFile() || !e.fileKey().equals(now.fileKey()) || ch.size() != e.size()) {
        ch.close();
        throw new eu.mlagw.error.GatewayIOException(linkRefused(name, "was replaced or changed after it was checked"));
      }
      return Channels.newInputStream(ch);
    } catch (GatewayException x) {
      throw new eu.mlagw.error.GatewayIOException(x);
    } finally {
      if (dir != null && dir != root) {
        closeQuietly(dir);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(root);
  }

  private static SecureDirectoryStream<Path> openFolder(SecureDirectoryStream<Path> root, String rel)
      throws GatewayException {
    SecureDirectoryStream<Path> dir = root;
    Path part = null;
    try {
      for (String name : rel.split("/")) {
        part = Path.of(name);
        SecureDirectoryStream<Path> next = dir.newDirectoryStream(part, LinkOption.NOFOLLOW_LINKS);
        if (dir != root) {
          closeQuietly(dir);
        }
        dir = next;
      }
      return dir;
    } catch (IOException e) {
      try {
        // O_NOFOLLOW on a link fails with ELOOP; anything else (permissions, a vanished folder) is not a link
        if (part != null && attributes(dir, part, rel).isSymbolicLink()) {
          throw linkRefused(rel, "was replaced by a link");
        }
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot open the folder '" + rel + "' in the submission: "
            + e.getClass().getSimpleName(), e);
      } finally {
        if (dir != root) {
          closeQuietly(dir);
        }
      }
    }
  }

  private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name, String shown)
      throws GatewayException {
    try {
      return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read '" + shown + "' in the submission: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The link count of the file at {@code path}, read by path (the secure stream does not give it)
   * and accepted only if that path still leads to the file the secure walk found.
   */
  private static long linkCount(Path path, Object fileKey, String shown) throws GatewayException {
    try {
      Map<String, Object> unix = Files.readAttributes(path, "unix:fileKey,nlink", LinkOption.NOFOLLOW_LINKS);
      if (!fileKey.equals(unix.get("fileKey"))) {
        throw linkRefused(shown, "was replaced while it was checked");
      }
      return ((Number) unix.get("nlink")).longValue();
    } catch (UnsupportedOperationException | IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the link count of '" + shown
          + "' in the submission: " + e.getClass().getSimpleName(), e);
    }
  }

  /** LINK_REFUSED naming the entry as the sender named it; never its target or content. */
  public static GatewayException linkRefused(String name, String what) {
    return new GatewayException(ReasonCode.LINK_REFUSED, "'" + name + "' in the submission " + what
        + "; the gateway sends only plain files that are in the submission itself. Copy the real file into the "
        + "submission in its place and submit again");
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // a directory descriptor that cannot be closed holds nothing we still need
    }
  }
}
