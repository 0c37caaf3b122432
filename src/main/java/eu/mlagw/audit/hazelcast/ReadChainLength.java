package eu.mlagw.audit.hazelcast;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.util.Map;

/** Reads a chain's length on the head's owner, without changing it (no backup, no store). */
public final class ReadChainLength implements EntryProcessor<String, ChainHead, Long>, ReadOnly, DataSerializable {
  @Override
  public Long process(Map.Entry<String, ChainHead> entry) {
    return entry.getValue() == null ? 0L : entry.getValue().length();
  }

  @Override
  public EntryProcessor<String, ChainHead, Long> getBackupProcessor() {
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
