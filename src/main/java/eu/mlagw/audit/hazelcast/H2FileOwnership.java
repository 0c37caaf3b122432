package eu.mlagw.audit.hazelcast;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process at a time opens an audit H2 file: an exclusive lock on {@code FILE.owner.lock} beside
 * it, held while the database is open (H2 on "async:" file channels locks nothing itself, so two
 * processes could otherwise write one file). Released by {@link #release}, or by the operating
 * system when the process ends, also by kill -9. Inside one JVM, H2 shares an open database among
 * its connections: a second opener in the same process gets {@code null} (nothing to hold) and
 * goes ahead.
 */
final class H2FileOwnership {
  private final FileChannel channel;
  private final FileLock lock;

  private H2FileOwnership(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the H2 database {@code file} (without its {@code .mv.db} suffix).
   *
   * @return the ownership to release, or {@code null} if this JVM already holds it
   * @throws GatewayException AUDIT_STORE_UNAVAILABLE if another process holds it; IO_ERROR if the
   *     lock file cannot be opened
   */
  static H2FileOwnership acquire(Path file) throws GatewayException {
    Path lockFile = Path.of(file.toAbsolutePath().normalize() + ".owner.lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot open " + lockFile + " (" + e.getMessage() + "); make the "
          + "folder of the audit database writable for the gateway's user", e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new H2FileOwnership(channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      close(channel);
      return null;
    } catch (IOException e) {
      close(channel);
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
    close(channel);
    throw new GatewayException(ReasonCode.AUDIT_STORE_UNAVAILABLE, "the audit H2 database " + file + ".mv.db is in "
        + "use by another process (it holds " + lockFile + "): a node of the gateway or an mlagw audit command; "
        + "only one process opens the file");
  }

  /** Releases the lock (the lock file stays: removing it would race with the next owner). */
  void release() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    close(channel);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing held any more
    }
  }
}
