package eu.mlagw.testing;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One {@code mlagw run --config DIR} node in a JVM of its own, which a test starts, kills with
 * SIGKILL and restarts like a supervisor would. Output of every incarnation is appended to one log
 * file. Not thread-safe: one test thread drives it.
 */
public final class GatewayProcess implements AutoCloseable {
  private final String name;
  private final Path config;
  private final Path log;
  private final int listenPort;
  private final java.util.List<String> jvmOptions;
  private Process process;
  private boolean killedByTest;
  private int starts;

  /** A node of the configuration in {@code config}, listening for peers on {@code listenPort} of 127.0.0.1 once up. */
  public GatewayProcess(String name, Path config, Path log, int listenPort) {
    this(name, config, log, listenPort, MlagwJvm.LAUNCHER_HEAP);
  }

  /** As above with other JVM options than the launcher's heap defaults. */
  public GatewayProcess(String name, Path config, Path log, int listenPort, java.util.List<String> jvmOptions) {
    this.name = name;
    this.config = config;
    this.log = log;
    this.listenPort = listenPort;
    this.jvmOptions = java.util.List.copyOf(jvmOptions);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** How many times this node was started. */
  public int starts() {
    return starts;
  }

  /** Starts a new incarnation; the previous one must be gone. */
  public void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    Files.writeString(log, "=== start " + (starts + 1) + " at " + java.time.Instant.now() + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    process = new ProcessBuilder(MlagwJvm.command(jvmOptions, "run", "--config", config.toString(),
        "--routes", MlagwJvm.routes().toString())).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()))
        .start();
    killedByTest = false;
    starts++;
  }

  /**
   * True if the current incarnation accepts connections on its peer port: it has started (the
   * listener opens once the node is up). A plain TCP connect, closed at once.
   */
  public boolean isListening() {
    if (!isAlive()) {
      return false;
    }
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), listenPort), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Waits until {@link #isListening}; false if the process died or {@code bound} passed first. */
  public boolean awaitListening(Duration bound) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < end && isAlive()) {
      if (isListening()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * True if the current incarnation ended on its own (not by {@link #kill} or {@link #stop}): an
   * exit a supervisor would have to restart, e.g. exit code 3 after an OutOfMemoryError.
   */
  public boolean diedOnItsOwn() {
    return process != null && !process.isAlive() && !killedByTest;
  }

  /** Exit code of the ended incarnation. */
  public int exitCode() {
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no cleanup, no final checkpoint. Waits until the process is gone. */
  public void kill() throws InterruptedException {
    killedByTest = true;
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " survived SIGKILL for 20 s");
    }
  }

  /**
   * SIGTERM and wait up to {@code bound}; returns how long the node took to exit, or null if it was
   * still running after {@code bound} (it is then killed, so the test can go on).
   */
  public Duration stop(Duration bound) throws InterruptedException {
    if (!isAlive()) {
      return Duration.ZERO;
    }
    killedByTest = true;
    long start = System.nanoTime();
    process.destroy();
    if (process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      return Duration.ofNanos(System.nanoTime() - start);
    }
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
    return null;
  }

  /** Kills what is left (a test that failed midway). */
  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      kill();
    }
  }
}
