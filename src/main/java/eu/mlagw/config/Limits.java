package eu.mlagw.config;

/**
 * Size limits of a gateway (gateway.yaml {@code limits:}): the largest package it accepts from a
 * peer, and the largest submission (sum of its documents) it takes from a drop folder. A larger one
 * is refused with TOO_LARGE before anything is sealed or stored.
 */
public record Limits(long maxPackageSize, long maxSubmissionSize) {
  /** No limit but what the disk holds (the defaults). */
  public static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE);

  public Limits {
    if (maxPackageSize < 1 || maxSubmissionSize < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
