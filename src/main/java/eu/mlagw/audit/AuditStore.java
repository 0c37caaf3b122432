package eu.mlagw.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of the audit log: an append-only sequence of events and of signed checkpoints. One
 * contract test suite runs against every backend (the clustered Hazelcast store with H2 or
 * PostgreSQL behind it). The Merkle hashing, checkpoint signing and proofs live above this interface
 * and never trust the store: whatever it returns is recomputed and checked.
 *
 * <p>Thread-safe. {@link #append} assigns one total order across all nodes of the cluster.
 */
public interface AuditStore extends AutoCloseable {
  /**
   * Assigns the next sequence number to {@code record}, stores the event and returns it once it is
   * durable (see {@link AuditTrail}).
   */
  AuditEvent append(AuditRecord record, Instant time);

  /**
   * Appends {@code records} in their order, all at {@code time} (see {@link AuditTrail#appendAll}): by
   * default one by one; a store that can places them as one contiguous, durable batch.
   */
  default List<AuditEvent> appendAll(List<AuditRecord> records, Instant time) {
    List<AuditEvent> out = new java.util.ArrayList<>(records.size());
    for (AuditRecord r : records) {
      out.add(append(r, time));
    }
    return out;
  }

  /** Number of events in the log (the next sequence number). */
  long size();

  /** Events {@code from} (inclusive) to {@code to} (exclusive), in sequence order. */
  List<AuditEvent> read(long from, long to);

  /** Stores a signed checkpoint; checkpoints are kept in the order they were added. */
  void addCheckpoint(byte[] signedCheckpoint);

  /** All signed checkpoints, oldest first. */
  List<byte[]> checkpoints();

  /** The newest signed checkpoint, if any. */
  default Optional<byte[]> latestCheckpoint() {
    List<byte[]> all = checkpoints();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Whether this node should sign the scheduled checkpoints now: in a cluster only one member does
   * (an elected, fenced signer), so that checkpoints are never signed concurrently and stored out of
   * order. A single-node store always answers true.
   */
  default boolean isCheckpointSigner() {
    return true;
  }

  @Override
  void close();
}
