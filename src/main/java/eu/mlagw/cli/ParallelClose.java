package eu.mlagw.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes several things side by side and waits for all of them: the demo's three gateways stop in
 * the time of the slowest one, not of the three together. A failing close is logged and does not
 * keep the others from closing.
 */
final class ParallelClose {
  private static final Logger LOG = LoggerFactory.getLogger(ParallelClose.class);

  private ParallelClose() {
  }

  /** Closes each of {@code closeables} in a thread of its own; returns when all are done. */
  static void closeAll(List<? extends AutoCloseable> closeables) {
    List<Thread> threads = new ArrayList<>();
    for (AutoCloseable c : closeables) {
      Thread t = new Thread(() -> {
        try {
          c.close();
        } catch (Exception e) {
          LOG.error("stopping {} failed", c, e);
        }
      }, "mlagw-stop-" + threads.size());
      t.start();
      threads.add(t);
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true; // the stop is finished first: a half-closed gateway signs no checkpoint
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code closeable}, closed at most once however often the result is closed. */
  static AutoCloseable once(AutoCloseable closeable) {
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        closeable.close();
      }
    };
  }
}
