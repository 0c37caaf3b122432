package eu.mlagw.cli;

import eu.mlagw.pkg.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for large packages; silent when output is not a terminal or small. */
final class ProgressBars implements AutoCloseable {
  private static final long THRESHOLD = 32L << 20;
  private ProgressBar bar;
  private final String task;
  private final boolean enabled;

  ProgressBars(String task, long expectedBytes) {
    this.task = task;
    this.enabled = System.console() != null && expectedBytes >= THRESHOLD;
  }

  ProgressListener listener() {
    if (!enabled) {
      return ProgressListener.NONE;
    }
    return (done, total) -> {
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total >> 20))
            .setUnit(" MiB", 1).setStyle(ProgressBarStyle.ASCII).showSpeed().build();
      }
      bar.maxHint(Math.max(1, total >> 20));
      bar.stepTo(done >> 20);
    };
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
