package eu.mlagw.pkg;

/** Accumulates bytes and forwards to a {@link ProgressListener} at most every 4 MiB. */
final class ProgressCounter {
  private static final long STEP = 4L << 20;
  private final ProgressListener listener;
  private final long total;
  private long done;
  private long reported;

  ProgressCounter(ProgressListener listener, long total) {
    this.listener = listener;
    this.total = total;
  }

  void add(long n) {
    done += n;
    if (done - reported >= STEP) {
      reported = done;
      listener.progress(done, total);
    }
  }

  void finish() {
    listener.progress(total, total);
  }
}
