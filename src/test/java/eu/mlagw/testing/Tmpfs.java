package eu.mlagw.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a test folder: a real file system that runs full. Needs root (CI runs as
 * root); when mounting is impossible the test fails, it does not skip — a disk-full test that does
 * not run proves nothing.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path mountPoint;

  private Tmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code size} (e.g. "24m") on the existing empty folder {@code mountPoint}. */
  public static Tmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
    String out = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", mountPoint.toString());
    if (out != null) {
      throw new AssertionError("cannot mount a " + size + " tmpfs on " + mountPoint + " (this test needs root, as in CI): "
          + out);
    }
    return new Tmpfs(mountPoint);
  }

  public Path root() {
    return mountPoint;
  }

  /** Bytes still free for an ordinary writer. */
  public long usable() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  /** Writes {@code file} (on this tmpfs) until at most {@code leave} bytes are free; returns its size. */
  public long fillLeaving(Path file, long leave) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      while (usable() > leave + chunk.length) {
        out.write(chunk);
        out.flush();
        written += chunk.length;
      }
    }
    return written;
  }

  /** Unmounts (lazily if something still holds it open). */
  @Override
  public void close() throws IOException, InterruptedException {
    if (run("umount", mountPoint.toString()) != null) {
      String out = run("umount", "-l", mountPoint.toString());
      if (out != null) {
        throw new IOException("cannot unmount " + mountPoint + ": " + out);
      }
    }
  }

  /** Runs a command; null if it succeeded, else what it printed and its exit code. */
  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", cmd) + " did not end within 30 s";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
  }
}
