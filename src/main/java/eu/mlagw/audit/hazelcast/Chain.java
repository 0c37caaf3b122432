package eu.mlagw.audit.hazelcast;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One append-only chain as seen from one member: places batches through {@link AppendToChain},
 * copies them into the chain's IMap (read side) and reads ranges back. Thread-safe.
 *
 * <p>A batch is durable once {@link #append} returns: in the database, in the head's owner and
 * backups, and in the entries' owners and backups. Failures (a member leaving, a partition
 * migrating, the database briefly away) are retried with the same batch id for up to
 * {@code retryMillis}; the head then returns the batch's first placement instead of a second one.
 */
final class Chain {
  private static final int READ_CHUNK = 1000;
  private final ChainTable table;
  private final IMap<String, ChainHead> heads;
  private final IMap<Long, byte[]> entries;
  private final long retryMillis;

  Chain(ChainTable table, IMap<String, ChainHead> heads, IMap<Long, byte[]> entries, long retryMillis) {
    this.table = table;
    this.heads = heads;
    this.entries = entries;
    this.retryMillis = retryMillis;
  }

  /** Places {@code items} at the end of the chain and copies them into the map; returns the first position. */
  long append(List<byte[]> items, boolean events) {
    long first = place(items, events);
    copy(first, items, events);
    return first;
  }

  /**
   * Places {@code items} at the end of the chain (ordered, in the database, head backed up);
   * returns the first position. The entries are not yet in the map.
   */
  long place(List<byte[]> items, boolean events) {
    AppendToChain step = new AppendToChain(UUID.randomUUID(), events, items);
    return retrying("place", () -> heads.executeOnKey(table.headKey(), step));
  }

  private void copy(long first, List<byte[]> items, boolean events) {
    Map<Long, byte[]> placed = entries(first, items, events);
    retrying("copy", () -> {
      entries.putAll(placed);
      return null;
    });
  }

  private static Map<Long, byte[]> entries(long first, List<byte[]> items, boolean events) {
    Map<Long, byte[]> placed = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      placed.put(first + i, events ? EventTemplate.withSequence(items.get(i), first + i) : items.get(i));
    }
    return placed;
  }

  /** The number of entries. */
  long length() {
    return retrying("count", () -> heads.executeOnKey(table.headKey(), new ReadChainLength()));
  }

  /**
   * The stored bytes of positions {@code from} (inclusive) to {@code to} (exclusive), in order.
   * Entries missing from memory are read from the database (read-through).
   *
   * @throws eu.mlagw.audit.StoreDamageException if a position inside the range has no entry at all
   */
  List<byte[]> read(long from, long to) {
    List<byte[]> out = new ArrayList<>((int) Math.min(to - from, 1 << 16));
    for (long start = from; start < to; start += READ_CHUNK) {
      Set<Long> keys = new TreeSet<>();
      for (long k = start; k < Math.min(to, start + READ_CHUNK); k++) {
        keys.add(k);
      }
      Map<Long, byte[]> got = retrying("read", () -> entries.getAll(keys));
      for (Long k : keys) {
        byte[] bytes = got.get(k);
        if (bytes == null) {
          throw new eu.mlagw.audit.StoreDamageException(table == ChainTable.EVENTS
              ? eu.mlagw.audit.AuditFailure.EVENT_MISSING : eu.mlagw.audit.AuditFailure.CHECKPOINT_MISSING, k,
              "the audit " + table.headKey() + " chain has no entry at position " + k
              + " (its length is at least " + to + "): the database table " + table.table() + " lost a row; run "
              + "mlagw audit verify and restore the row from a backup or an exported log", null);
        }
        out.add(bytes);
      }
    }
    return out;
  }

  private <T> T retrying(String what, Supplier<T> action) {
    long deadline = System.currentTimeMillis() + retryMillis;
    long pause = 20;
    while (true) {
      try {
        return action.get();
      } catch (HazelcastInstanceNotActiveException e) {
        throw new AuditStoreException("the audit store is closed (this node's cluster member stopped)", e);
      } catch (RuntimeException e) {
        if (System.currentTimeMillis() + pause > deadline) {
          throw new AuditStoreException("cannot " + what + " audit " + table.headKey() + " for " + retryMillis
              + " ms: " + e.getMessage() + "; check the cluster members and the database", e);
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new AuditStoreException("interrupted while trying to " + what + " audit " + table.headKey(), ie);
        }
        pause = Math.min(1000, pause * 2);
      }
    }
  }
}
