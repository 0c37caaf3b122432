package eu.mlagw.audit.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one step that orders the log: runs on the owner of a chain's head entry (Hazelcast runs the
 * entry processors of one key one at a time, on its partition thread), places a batch at the end of
 * the chain and returns the first position. Event templates get their final sequence number spliced
 * in here ({@link EventTemplate}). The new head is written through {@link ChainHeadStore} (the batch
 * goes into the database) and the same step is re-run on the backups; only then does the caller get
 * the result. A batch id seen recently returns its earlier position and changes nothing
 * (idempotent retries).
 */
public final class AppendToChain implements EntryProcessor<String, ChainHead, Long>, DataSerializable {
  private UUID batch;
  private boolean events;
  private List<byte[]> items;
  private transient ReplicateChainHead backup; // what this run did, for the backups; null = nothing changed

  /** For deserialisation. */
  public AppendToChain() {}

  AppendToChain(UUID batch, boolean events, List<byte[]> items) {
    this.batch = batch;
    this.events = events;
    this.items = items;
  }

  @Override
  public Long process(Map.Entry<String, ChainHead> entry) {
    backup = null; // a local retry runs this same object again
    ChainHead head = entry.getValue();
    if (head == null) {
      head = ChainHead.ofLength(0);
    }
    long earlier = head.firstOf(batch);
    if (earlier >= 0) {
      return earlier;
    }
    long first = head.length();
    List<byte[]> placed = items;
    if (events) {
      placed = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        placed.add(EventTemplate.withSequence(items.get(i), first + i));
      }
    }
    entry.setValue(head.appended(batch, placed));
    backup = new ReplicateChainHead(batch, first, items.size());
    return first;
  }

  /**
   * The backups get the outcome, not the work: the batch id and where it was placed, applied as
   * absolute values, so a backup converges on the owner's head whatever it held before (and a
   * retried batch that changed nothing sends nothing).
   */
  @Override
  public EntryProcessor<String, ChainHead, Long> getBackupProcessor() {
    return backup;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(batch.getMostSignificantBits());
    out.writeLong(batch.getLeastSignificantBits());
    out.writeBoolean(events);
    out.writeInt(items.size());
    for (byte[] item : items) {
      out.writeByteArray(item);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    batch = new UUID(in.readLong(), in.readLong());
    events = in.readBoolean();
    int n = in.readInt();
    items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(in.readByteArray());
    }
  }
}
