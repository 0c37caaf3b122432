package eu.mlagw.memory;

/**
 * How many memory-heavy pieces of work (an incoming transfer: received, decrypted, verified, its
 * cover sheet rendered, released) a node may run at once so that they fit in its maximum heap:
 * {@code slots = max(1, (maxHeap - reserve) / perWork)}.
 *
 * <p>The numbers, measured on this code (issue 10): a node at rest after start holds about 40 MiB
 * live (Camel, CXF, Hazelcast, H2, the shared fonts); the reserve of {@value #RESERVE_MIB} MiB covers
 * that plus headroom for evidences, audit and the garbage collector. A cover sheet in flight holds
 * at most ~5.4 MiB (DejaVu parsed once per JVM, see pdf/SharedFont), a whole incoming 1 MiB transfer
 * ~5.6 MiB at its peak (12 in flight: 109 MiB live after a full GC); {@value #PER_TRANSFER_MIB} MiB
 * per transfer leaves a margin. At the launcher's default {@code -Xmx128m} (the JVM reports 123.75
 * MiB) that is 7 slots; at -Xmx512m (494.9 MiB), 53.
 *
 * <p>Immutable and thread-safe. It only computes: the listener refuses what is over the slots with
 * the transient reason BUSY (transport/ListenerGuard), so the sender retries later.
 */
public record HeapBudget(long maxHeap, long reserve, long perWork) {
  /** Heap kept for the node itself. */
  public static final long RESERVE_MIB = 64;
  /** Heap one incoming transfer may need at its peak (open, verify, render, release). */
  public static final long PER_TRANSFER_MIB = 8;
  private static final long MIB = 1 << 20;

  public HeapBudget {
    if (maxHeap < 1 || reserve < 0 || perWork < 1) {
      throw new IllegalArgumentException("need maxHeap > 0, reserve >= 0, perWork > 0; got " + maxHeap + ", "
          + reserve + ", " + perWork);
    }
  }

  /** The budget of incoming transfers in this JVM's maximum heap ({@code -Xmx}). */
  public static HeapBudget forTransfers() {
    return new HeapBudget(Runtime.getRuntime().maxMemory(), RESERVE_MIB * MIB, PER_TRANSFER_MIB * MIB);
  }

  /** Pieces of work that fit at once; at least 1, so a node with a tiny heap still makes progress. */
  public int slots() {
    long slots = (maxHeap - reserve) / perWork;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, slots));
  }

  /** {@code configured}, lowered to {@link #slots()} if the heap holds fewer. */
  public int cap(int configured) {
    return Math.min(configured, slots());
  }

  /** For messages: "7 (heap 123 MiB: 64 MiB reserved, 8 MiB each)". */
  public String describe() {
    return slots() + " (heap " + maxHeap / MIB + " MiB: " + reserve / MIB + " MiB reserved, " + perWork / MIB
        + " MiB each)";
  }
}
