package eu.mlagw.audit;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Canonical encoding and RFC 9162 leaf hashing of a batch of events on all cores (the common
 * fork-join pool), since encoding dominates the cost of verifying a log. Results are in batch
 * order. Thread-safe.
 */
final class BatchLeafHasher {
  private static final ThreadLocal<MerkleHashes> HASHES = ThreadLocal.withInitial(MerkleHashes::new);
  /** Below this size a batch is hashed on the calling thread (forking costs more). */
  private static final int PARALLEL_FROM = 256;

  private BatchLeafHasher() {}

  static byte[][] leafHashes(List<AuditEvent> batch) {
    byte[][] out = new byte[batch.size()][];
    IntStream indexes = IntStream.range(0, batch.size());
    (batch.size() >= PARALLEL_FROM ? indexes.parallel() : indexes)
        .forEach(i -> out[i] = HASHES.get().leaf(AuditEventCodec.encode(batch.get(i))));
    return out;
  }
}
