package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipFormat.DEFLATED;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.function.LongSupplier;

/**
 * Enforces {@link ZipLimits} for one container, from declared sizes up front and from the bytes
 * actually produced while streaming, so a limit is hit before the excess is ever written anywhere.
 *
 * <p>The compression ratio is judged per entry and for the container as a whole: 150 deflated
 * entries of 1 MiB − 1 byte each stay below the per-entry grace, yet expand 169 KiB into 150 MiB.
 * Once all entries together have produced {@link ZipLimits#CONTAINER_RATIO_GRACE} bytes, they may
 * not exceed the ratio limit times the container bytes read so far — so what a caller can stage is
 * bounded by the size of what it received.
 */
final class LimitGuard {
  private static final String ADVICE = ". This is a ZIP bomb or a damaged package; refuse it, and"
      + " raise the limit only if a document this large is expected";

  private final ZipLimits limits;
  private final LongSupplier containerBytesRead;
  private long total;
  private int entries;

  /** @param containerBytesRead raw container bytes consumed so far (headers and compressed data) */
  LimitGuard(ZipLimits limits, LongSupplier containerBytesRead) {
    this.limits = limits;
    this.containerBytesRead = containerBytesRead;
  }

  void countEntry() throws GatewayException {
    if (++entries > limits.maxEntries()) {
      throw tooLarge("the container has more than " + limits.maxEntries() + " entries; allowed:"
          + " at most " + limits.maxEntries());
    }
  }

  /** Checks the sizes a local header declares, before any content is read. */
  void checkDeclared(LocalHeader h) throws GatewayException {
    long size = h.knownSize();
    if (size < 0) {
      return;
    }
    checkEntrySize(h.name(), size);
    if (size > limits.maxTotalSize() - total) {
      throw tooLarge("entry " + ZipNames.printable(h.name()) + " declares " + size
          + " bytes, bringing the container above its total limit; allowed: at most "
          + limits.maxTotalSize() + " bytes in all entries together");
    }
    if (h.method() == DEFLATED && size >= ZipLimits.RATIO_GRACE
        && exceedsRatio(size, h.knownCompressedSize())) {
      throw ratio(h.name(), size, h.knownCompressedSize());
    }
  }

  /**
   * How many bytes the current entry may still produce in one step: one more than allowed, so that
   * crossing a limit is seen after at most one extra byte.
   */
  int outputCap(long produced, long declaredSize, int len) {
    long left = Math.min(limits.maxEntrySize() - produced, limits.maxTotalSize() - total);
    if (declaredSize >= 0) {
      left = Math.min(left, declaredSize - produced);
    }
    return (int) Math.min(len, Math.max(left, 0) + 1);
  }

  /** Accounts {@code n} new uncompressed bytes of a STORED entry, whose size was checked. */
  void addStored(int n) {
    total += n; // stored bytes are container bytes: they cannot raise the container's ratio above 1
  }

  /** Accounts {@code n} new inflated bytes and stops the entry as soon as any limit is crossed. */
  void addInflated(String name, int n, long produced, long declaredSize, long compressedRead)
      throws GatewayException {
    total += n;
    if (declaredSize >= 0 && produced > declaredSize) {
      throw tooLarge("entry " + ZipNames.printable(name) + " inflates to more than the "
          + declaredSize + " bytes its header declares; allowed: exactly the declared size");
    }
    checkEntrySize(name, produced);
    if (total > limits.maxTotalSize()) {
      throw tooLarge("the entries inflate to more than " + limits.maxTotalSize()
          + " bytes in total (while reading " + ZipNames.printable(name) + "); allowed: at most "
          + limits.maxTotalSize());
    }
    if (produced >= ZipLimits.RATIO_GRACE && exceedsRatio(produced, compressedRead)) {
      throw ratio(name, produced, compressedRead);
    }
    long read = containerBytesRead.getAsLong();
    if (total >= ZipLimits.CONTAINER_RATIO_GRACE && exceedsRatio(total, read)) {
      throw tooLarge("the entries together expand " + total + " bytes from " + read
          + " container bytes (while reading " + ZipNames.printable(name) + "), a ratio above "
          + limits.maxCompressionRatio() + "; allowed: at most " + limits.maxCompressionRatio()
          + ":1 for the whole container beyond its first " + ZipLimits.CONTAINER_RATIO_GRACE + " bytes");
    }
  }

  private void checkEntrySize(String name, long size) throws GatewayException {
    if (size > limits.maxEntrySize()) {
      throw tooLarge("entry " + ZipNames.printable(name) + " has more than "
          + limits.maxEntrySize() + " bytes; allowed: at most " + limits.maxEntrySize()
          + " per entry");
    }
  }

  /** Exact test of inflated / compressed > ratio, without overflow. */
  private boolean exceedsRatio(long inflated, long compressed) {
    if (compressed <= 0) {
      return inflated > 0;
    }
    long q = inflated / compressed;
    long r = limits.maxCompressionRatio();
    return q > r || (q == r && inflated % compressed != 0);
  }

  private GatewayException ratio(String name, long inflated, long compressed) {
    return tooLarge("entry " + ZipNames.printable(name) + " expands " + inflated + " bytes from "
        + compressed + " compressed bytes, a ratio above " + limits.maxCompressionRatio()
        + "; allowed: at most " + limits.maxCompressionRatio() + ":1");
  }

  private static GatewayException tooLarge(String what) {
    return new GatewayException(ReasonCode.TOO_LARGE, what + ADVICE);
  }
}
