package eu.mlagw.routing;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the node when the JVM itself failed: a {@link VirtualMachineError} (OutOfMemoryError,
 * StackOverflowError, InternalError) on any thread, or reaching a route.
 *
 * <p>Why halt: such an Error leaves the process in an unknown state. Before, an OutOfMemoryError
 * killed the audit commit thread, Hazelcast's InvocationMonitorThread and the retrievals timer, the
 * prosecutor got a generic IO_ERROR, and the node limped on. Halting (without shutdown hooks, which
 * could hang on the broken state) lets a supervisor (systemd {@code Restart=on-failure}) start a
 * fresh node, which finishes or undoes any interrupted transition at start (DESIGN: Lifecycle). The
 * exit code is {@value #EXIT_CODE} so operators can tell it from a refused configuration (1).
 *
 * <p>Installed as the JVM's default uncaught-exception handler by {@code mlagw run}, and bound as the
 * bean {@code fatalErrors} that the shared route error policy calls for a VirtualMachineError. The
 * halt action is injectable so tests can observe it without ending their JVM. Thread-safe.
 */
public final class FatalErrors implements Thread.UncaughtExceptionHandler {
  /** The process exit status after a VirtualMachineError (EX_SOFTWARE of sysexits.h). */
  public static final int EXIT_CODE = 70;

  private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

  private final IntConsumer halt;
  private final Consumer<String> log;

  /**
   * @param halt ends the process with the given status (production: {@code Runtime.getRuntime()::halt})
   * @param log receives the one line that says why
   */
  public FatalErrors(IntConsumer halt, Consumer<String> log) {
    this.halt = halt;
    this.log = log;
  }

  /** Halts the JVM; logs to the node's log and to stderr (the log may itself fail for lack of memory). */
  public static FatalErrors forProcess() {
    return new FatalErrors(status -> Runtime.getRuntime().halt(status), line -> {
      System.err.println(line);
      System.err.flush();
      try {
        LOG.error(line);
      } catch (Throwable ignored) { // NOPMD: the line is on stderr already; we halt next
      }
    });
  }

  /** Makes {@code handler} the handler of every thread that has none of its own. */
  public static void installAsDefault(FatalErrors handler) {
    Thread.setDefaultUncaughtExceptionHandler(handler);
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    VirtualMachineError fatal = fatalCause(e);
    if (fatal != null) {
      haltFor(thread.getName(), fatal);
      return;
    }
    // not fatal to the process: reported as the JVM would, on stderr, and the thread ends
    log.accept("Thread '" + thread.getName() + "' ended with " + e);
  }

  /**
   * Route error policy entry point: halts if {@code failure} is or wraps a VirtualMachineError
   * (Camel wraps an Error into a CamelExecutionException); otherwise does nothing.
   */
  public void halt(Throwable failure) {
    VirtualMachineError fatal = fatalCause(failure);
    if (fatal != null) {
      haltFor(Thread.currentThread().getName(), fatal);
    }
  }

  /** The VirtualMachineError in {@code e}'s cause chain, or null. */
  public static VirtualMachineError fatalCause(Throwable e) {
    int guard = 0;
    for (Throwable t = e; t != null && guard++ < 64; t = t.getCause()) {
      if (t instanceof VirtualMachineError) {
        return (VirtualMachineError) t;
      }
    }
    return null;
  }

  private void haltFor(String thread, VirtualMachineError e) {
    try {
      log.accept("FATAL " + e.getClass().getSimpleName() + " on thread '" + thread + "'; the node halts with exit code "
          + EXIT_CODE + " for its supervisor to restart it (interrupted exchanges are finished at start)");
    } finally {
      halt.accept(EXIT_CODE);
    }
  }
}
