package eu.mlagw.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a requested stop that the command's own thread carries out:
 * {@link #await()} returns, the command closes its gateways, prints that they stopped and exits with
 * 0 — a stop somebody asked for is a success, also for a supervisor (systemd treats 0 as a clean
 * stop). A second signal while the stop runs ends the process at once with 128 + the signal's number
 * (130 or 143), like the JVM would have.
 *
 * <p>Why not a JVM shutdown hook: a hook runs while the JVM is already exiting, next to every other
 * hook, with the exit code already fixed at 130/143; the stop here runs in ordinary code before
 * the exit. A hook is still what {@link #closeOnExit} installs for the other ways out (SIGHUP,
 * {@code System.exit}), so a node is closed whatever ends the process.
 *
 * <p>This is the one place that uses {@code sun.misc.Signal} (module jdk.unsupported, the supported
 * way to handle signals on Java 17). Where a signal cannot be handled (the JVM runs with -Xrs, or the
 * signal was ignored when it started, as for a background job of a non-interactive shell) the JVM's
 * default handling and the exit hook stay in place. Thread-safe.
 */
final class StopSignals {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final List<String> HANDLED = List.of("INT", "TERM");
  private final CountDownLatch requested = new CountDownLatch(1);
  private final AtomicInteger received = new AtomicInteger();
  private volatile String name;

  private StopSignals() {
  }

  /** Handles SIGINT and SIGTERM from now on (before the gateways start, so an early Ctrl-C is not lost). */
  static StopSignals install() {
    StopSignals signals = new StopSignals();
    for (String signal : HANDLED) {
      try {
        Signal.handle(new Signal(signal), signals::received);
      } catch (IllegalArgumentException e) {
        LOG.warn("SIG{} cannot be handled here ({}); it stops the gateway through the JVM's exit hooks", signal,
            e.getMessage());
      }
    }
    return signals;
  }

  private void received(Signal signal) {
    if (received.getAndIncrement() == 0) {
      name = "SIG" + signal.getName();
      requested.countDown();
      return;
    }
    System.err.println("SIG" + signal.getName() + " again while stopping: exiting now, without a clean stop");
    System.err.flush();
    Runtime.getRuntime().halt(128 + signal.getNumber());
  }

  /** Blocks until a stop is requested; returns the signal's name ({@code SIGINT}, {@code SIGTERM}). */
  String await() throws InterruptedException {
    requested.await();
    return name;
  }

  /**
   * Closes {@code closeables} (in parallel) if the JVM exits another way than through a handled
   * signal. The list is read when the JVM exits (pass a thread-safe list that may still grow); each
   * close must be idempotent, as the command closes them itself after a handled signal.
   */
  static void closeOnExit(List<? extends AutoCloseable> closeables) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ParallelClose.closeAll(closeables), "mlagw-exit"));
  }
}
