package eu.mlagw.transport;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/** Peak heap use between {@link #reset} and {@link #peak}, for the low-heap tests; sizes like "200m". */
final class HeapPeaks {
  private HeapPeaks() {}

  static void reset() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** Sum of the peaks of the heap pools since the last reset, in bytes. */
  static long peak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** "200m", "2g", "64k" or a byte count. */
  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
    return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
  }
}
