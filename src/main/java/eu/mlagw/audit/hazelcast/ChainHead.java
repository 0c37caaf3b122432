package eu.mlagw.audit.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The head of one chain: its length (the next position) and the ids of its most recent batches
 * with the position each got, so that a batch retried after a member died gets its first placement
 * back instead of a second one. Immutable: {@link #appended} returns a new head (the old one stays
 * in memory if the database write of the new one fails). The batch just placed is kept for
 * {@link ChainHeadStore} to write; it is not part of the serialised form (migrations and backups
 * need only the length and the recent ids).
 */
public final class ChainHead implements DataSerializable {
  /** How many recent batch ids are remembered (a retry older than this would be placed again). */
  static final int RECENT = 4096;

  private long length;
  private long[] recentIds = new long[0]; // pairs: most, least significant bits
  private long[] recentFirsts = new long[0];
  private int recentNext; // ring index of the slot written next
  private long latestFirst;
  private byte[][] latest = new byte[0][];

  /** For deserialisation. */
  public ChainHead() {}

  static ChainHead ofLength(long length) {
    ChainHead h = new ChainHead();
    h.length = length;
    return h;
  }

  long length() {
    return length;
  }

  /** The first position given to {@code batch}, or -1 if it was not placed (recently). */
  long firstOf(UUID batch) {
    long msb = batch.getMostSignificantBits();
    long lsb = batch.getLeastSignificantBits();
    for (int i = 0; i < recentFirsts.length; i++) {
      if (recentIds[2 * i] == msb && recentIds[2 * i + 1] == lsb) {
        return recentFirsts[i];
      }
    }
    return -1;
  }

  /** A new head with {@code items} placed at {@link #length()} onwards under {@code batch}. */
  ChainHead appended(UUID batch, List<byte[]> items) {
    ChainHead h = placed(batch, length, items.size());
    h.latest = items.toArray(new byte[0][]);
    return h;
  }

  /**
   * A new head of length {@code first + count} that remembers {@code batch} at {@code first} (on a
   * backup: the owner's outcome, applied as is). Holds no batch to store.
   */
  ChainHead placed(UUID batch, long first, int count) {
    ChainHead h = new ChainHead();
    h.length = first + count;
    int slots = Math.min(RECENT, recentFirsts.length + 1);
    h.recentIds = Arrays.copyOf(recentIds, 2 * slots);
    h.recentFirsts = Arrays.copyOf(recentFirsts, slots);
    int slot = recentFirsts.length < RECENT ? recentFirsts.length : recentNext;
    h.recentIds[2 * slot] = batch.getMostSignificantBits();
    h.recentIds[2 * slot + 1] = batch.getLeastSignificantBits();
    h.recentFirsts[slot] = first;
    h.recentNext = (slot + 1) % RECENT;
    h.latestFirst = first;
    return h;
  }

  long latestFirst() {
    return latestFirst;
  }

  int latestCount() {
    return latest.length;
  }

  byte[] latest(int i) {
    return latest[i];
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(length);
    out.writeLongArray(recentIds);
    out.writeLongArray(recentFirsts);
    out.writeInt(recentNext);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    length = in.readLong();
    recentIds = in.readLongArray();
    recentFirsts = in.readLongArray();
    recentNext = in.readInt();
  }
}
