package eu.mlagw.audit.hazelcast;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditStore;
import java.time.Instant;
import java.util.List;

/**
 * A store opened for one command, with what it was opened through (a cluster member of the
 * command's own, or a client of a running node's cluster): closing the store closes that too, after
 * the store's pending appends are done.
 */
record OwnedStore(HazelcastAuditStore store, Runnable closeAfter) implements AuditStore {
  @Override
  public AuditEvent append(AuditRecord record, Instant time) {
    return store.append(record, time);
  }

  @Override
  public List<AuditEvent> appendAll(List<AuditRecord> records, Instant time) {
    return store.appendAll(records, time);
  }

  @Override
  public long size() {
    return store.size();
  }

  @Override
  public List<AuditEvent> read(long from, long to) {
    return store.read(from, to);
  }

  @Override
  public void addCheckpoint(byte[] signedCheckpoint) {
    store.addCheckpoint(signedCheckpoint);
  }

  @Override
  public List<byte[]> checkpoints() {
    return store.checkpoints();
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      closeAfter.run();
    }
  }
}
