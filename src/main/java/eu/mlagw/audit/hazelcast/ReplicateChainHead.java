package eu.mlagw.audit.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Applies on a backup of a chain head what {@link AppendToChain} did on its owner: batch
 * {@code batch} placed at {@code first}, {@code count} entries, so the length is
 * {@code first + count}. Absolute, hence idempotent.
 */
public final class ReplicateChainHead implements EntryProcessor<String, ChainHead, Long>, DataSerializable {
  private UUID batch;
  private long first;
  private int count;

  /** For deserialisation. */
  public ReplicateChainHead() {}

  ReplicateChainHead(UUID batch, long first, int count) {
    this.batch = batch;
    this.first = first;
    this.count = count;
  }

  @Override
  public Long process(Map.Entry<String, ChainHead> entry) {
    ChainHead head = entry.getValue() == null ? ChainHead.ofLength(first) : entry.getValue();
    if (head.firstOf(batch) < 0 || head.length() != first + count) {
      entry.setValue(head.placed(batch, first, count));
    }
    return first;
  }

  @Override
  public EntryProcessor<String, ChainHead, Long> getBackupProcessor() {
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(batch.getMostSignificantBits());
    out.writeLong(batch.getLeastSignificantBits());
    out.writeLong(first);
    out.writeInt(count);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    batch = new UUID(in.readLong(), in.readLong());
    first = in.readLong();
    count = in.readInt();
  }
}
