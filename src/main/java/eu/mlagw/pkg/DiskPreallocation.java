package eu.mlagw.pkg;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reserves disk blocks for a large file before it is written, with the util-linux
 * {@code fallocate} command (Java has no API for the fallocate(2) system call).
 *
 * <p>Why: on ext4 here, writing a new file runs at ~410 MB/s because every block is allocated as
 * the data arrives; into preallocated extents the same writes run at ~810 MB/s (measured with dd).
 * Writing documents is the slowest step of opening a package, so this nearly doubles the ceiling.
 * It also keeps multi-GB evidence files contiguous.
 *
 * <p>Best effort: without {@code fallocate} (other OS, file system without support) nothing
 * happens and the write is merely slower. Callers must never pass an attacker-chosen size larger
 * than the data that can actually arrive (the package size bounds it), or a forged header could
 * reserve the whole disk. The file may end up shorter than reserved only if writing fails, in
 * which case it is deleted anyway.
 */
final class DiskPreallocation {
  /** Below this, preallocation costs more (a process start, ~2 ms) than it saves. */
  static final long THRESHOLD = 32L << 20;
  private static volatile boolean unavailable;

  private DiskPreallocation() {}

  static void reserve(Path file, long bytes) {
    if (bytes < THRESHOLD || unavailable) {
      return;
    }
    try {
      Process p = new ProcessBuilder("fallocate", "-l", Long.toString(bytes), file.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      } else if (p.exitValue() != 0) {
        unavailable = true; // e.g. a file system without fallocate: stop trying
      }
    } catch (java.io.IOException e) {
      unavailable = true; // no fallocate command on this system
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
