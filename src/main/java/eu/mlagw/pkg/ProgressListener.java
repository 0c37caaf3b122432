package eu.mlagw.pkg;

/**
 * Receives byte counts as a package is sealed or opened (for progress bars). Must be cheap. May be
 * called from a thread of the sealer or opener other than the caller's; calls never overlap, and
 * all of them happen before seal/open returns.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total) -> { };

  /** @param done bytes processed so far; @param total bytes expected overall (may be an estimate) */
  void progress(long done, long total);
}
