package eu.mlagw.routing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which gateway nodes run on a drop-folder root: each running node holds an operating-system lock
 * on {@code ROOT/.node-NAME.lock} (released by the OS when the process ends, also by kill -9), so a
 * CLI command can tell whether to ask the running node or to act itself.
 */
public final class RunningNodes implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunningNodes(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Marks the node {@code nodeName} as running on {@code root} until {@link #close()}. */
  public static RunningNodes hold(Path root, String nodeName) throws IOException {
    Path file = root.resolve(".node-" + nodeName.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("another process runs node " + nodeName + " on " + root);
      }
      return new RunningNodes(channel, lock);
    } catch (IOException | OverlappingFileLockException e) {
      channel.close();
      throw e instanceof IOException io ? io : new IOException("node " + nodeName + " already runs on " + root, e);
    }
  }

  /** True if some node runs on {@code root} now. */
  public static boolean anyRunning(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(root, ".node-*.lock")) {
      for (Path file : s) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
          FileLock probe = c.tryLock();
          if (probe == null) {
            return true;
          }
          probe.release();
        } catch (OverlappingFileLockException sameProcess) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
