package eu.mlagw.pkg.zip;

/**
 * Limits {@link StrictZipReader} enforces while it streams, so that a hostile container (a ZIP
 * bomb, millions of entries) is refused before it costs disk, memory or time.
 *
 * @param maxEntrySize most uncompressed bytes one entry may have
 * @param maxTotalSize most uncompressed bytes all entries together may have
 * @param maxEntries most entries (files and folders) one container may have
 * @param maxCompressionRatio most uncompressed bytes per compressed byte of a DEFLATED entry,
 *     checked once the entry has inflated to at least {@link #RATIO_GRACE} bytes, and of the
 *     whole container once its entries have produced {@link #CONTAINER_RATIO_GRACE} bytes
 */
public record ZipLimits(
    long maxEntrySize, long maxTotalSize, int maxEntries, long maxCompressionRatio) {

  private static final long GIB = 1L << 30;

  /** Small entries may compress far better than the ratio limit; only larger ones are judged. */
  public static final long RATIO_GRACE = 1L << 20;

  /**
   * All entries together may compress far better than the ratio limit until they have produced
   * this many bytes (16 MiB); beyond it the container as a whole is judged, so many small entries
   * under {@link #RATIO_GRACE} cannot add up to a bomb. Bounds what a caller stages to 16 MiB plus
   * the ratio limit times the container bytes received.
   */
  public static final long CONTAINER_RATIO_GRACE = 16L << 20;

  /** Validates that every limit is usable. */
  public ZipLimits {
    if (maxEntrySize < 0 || maxTotalSize < 0 || maxEntries < 0 || maxCompressionRatio < 1) {
      throw new IllegalArgumentException("ZIP limits must be non-negative and the ratio at least 1;"
          + " got " + maxEntrySize + ", " + maxTotalSize + ", " + maxEntries + ", "
          + maxCompressionRatio);
    }
  }

  /** 64 GiB per entry, 256 GiB in total, 10,000 entries, compression ratio 100. */
  public static ZipLimits defaults() {
    return new ZipLimits(64 * GIB, 256 * GIB, 10_000, 100);
  }
}
