package eu.mlagw.audit.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventCodec;
import eu.mlagw.audit.AuditFailure;
import eu.mlagw.audit.StoreDamageException;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The clustered, durable audit store: events and checkpoints in Hazelcast IMaps (synchronous
 * backups), written through to the database, one total order across all members.
 *
 * <p>Ordering: every append goes through one entry processor on the chain's head entry
 * ({@link AppendToChain}), which Hazelcast runs one at a time on the head's partition owner. That
 * step assigns the next sequence numbers to a batch, writes the batch to the database in one
 * transaction (write-through {@link ChainHeadStore}) and is repeated on the head's backups before it
 * answers. A member dying at any point leaves either no trace of the batch (the caller retries under
 * the same batch id) or a batch that is in the database and in the head's backup; a retry of that
 * batch gets its first placement back. No lock is held across members, so there is no lock to lose.
 *
 * <p>{@link #append} returns once its event is in the database (forced to the disk, so it survives
 * kill -9 of every member and a crash of the machine), in the head's owner and backups and in the
 * event's owner and backups. Stored bytes are {@link AuditEventCodec canonical}; reading
 * bytes that are not (altered in the database) fails with an {@link AuditStoreException} naming the
 * sequence number. Thread-safe. Closing the store does not stop the cluster member.
 */
public final class HazelcastAuditStore implements AuditStore {
  private static final long RETRY_MILLIS = 30_000;
  private static final int WORKERS = 2;
  private static final int MAX_BATCH = 256;

  private final String node;
  private final String gateway;
  private final Chain events;
  private final Chain checkpoints;
  private final GroupCommit commit;
  private final Runnable forceToDisk;
  private final CheckpointSignerLease signerLease;

  private HazelcastAuditStore(String node, String gateway, Chain events, Chain checkpoints, Runnable forceToDisk,
      CheckpointSignerLease signerLease) {
    this.signerLease = signerLease;
    this.node = node;
    this.gateway = gateway;
    this.events = events;
    this.checkpoints = checkpoints;
    this.forceToDisk = forceToDisk;
    this.commit = new GroupCommit(events, forceToDisk, node, WORKERS, MAX_BATCH);
  }

  /**
   * The audit store of {@code cluster}'s gateway, appending as {@code cluster}'s node. Opening the maps
   * on a freshly started cluster loads the whole log from the database first (EAGER).
   */
  public static HazelcastAuditStore open(GatewayCluster cluster) {
    return open(cluster.hazelcast(), cluster.nodeName(), cluster.gatewayId(), cluster::forceToDisk);
  }

  /**
   * The audit store as seen through {@code hz} (a member, or a client of a running node's cluster),
   * appending as {@code node}; {@code forceToDisk} makes what was committed so far survive a crash.
   */
  static HazelcastAuditStore open(HazelcastInstance hz, String node, String gateway, Runnable forceToDisk) {
    IMap<String, ChainHead> heads = hz.getMap(GatewayCluster.HEADS_MAP);
    return new HazelcastAuditStore(node, gateway,
        new Chain(ChainTable.EVENTS, heads, hz.getMap(ChainTable.EVENTS.mapName()), RETRY_MILLIS),
        new Chain(ChainTable.CHECKPOINTS, heads, hz.getMap(ChainTable.CHECKPOINTS.mapName()), RETRY_MILLIS),
        forceToDisk, new CheckpointSignerLease(hz));
  }

  @Override
  public AuditEvent append(AuditRecord record, Instant time) {
    AuditEvent unplaced = new AuditEvent(0, time, node, gateway, record);
    long seq = commit.append(EventTemplate.of(unplaced));
    return new AuditEvent(seq, unplaced.time(), node, gateway, record);
  }

  /** One batch of the group commit: contiguous sequence numbers, durable together. */
  @Override
  public List<AuditEvent> appendAll(List<AuditRecord> records, Instant time) {
    if (records.isEmpty()) {
      return List.of();
    }
    List<byte[]> templates = new ArrayList<>(records.size());
    for (AuditRecord record : records) {
      templates.add(EventTemplate.of(new AuditEvent(0, time, node, gateway, record)));
    }
    long seq = commit.appendAll(templates);
    List<AuditEvent> out = new ArrayList<>(records.size());
    for (AuditRecord record : records) {
      out.add(new AuditEvent(seq++, time, node, gateway, record));
    }
    return out;
  }

  @Override
  public long size() {
    return events.length();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the range is not within 0..size()
   * @throws StoreDamageException if a stored event is missing, not canonical or not at its own position
   */
  @Override
  public List<AuditEvent> read(long from, long to) {
    checkRange(from, to, size());
    List<byte[]> stored = events.read(from, to);
    List<AuditEvent> out = new ArrayList<>(stored.size());
    long seq = from;
    for (byte[] bytes : stored) {
      AuditEvent e;
      try {
        e = AuditEventCodec.decode(bytes);
      } catch (IllegalArgumentException bad) {
        throw new StoreDamageException(AuditFailure.EVENT_UNREADABLE, seq, "audit event " + seq + " as stored in the database is not a canonical audit "
            + "event (" + bad.getMessage() + "): it was altered outside the gateway; run the audit verifier and "
            + "restore the row from a backup or an exported log", bad);
      }
      if (e.sequence() != seq) {
        throw new StoreDamageException(AuditFailure.EVENT_MISPLACED, seq, "the database row of audit event " + seq
            + " holds event " + e.sequence() + ": it was altered outside the gateway; restore the row from a backup",
            null);
      }
      out.add(e);
      seq++;
    }
    return out;
  }

  @Override
  public void addCheckpoint(byte[] signedCheckpoint) {
    if (signedCheckpoint == null || signedCheckpoint.length == 0) {
      throw new IllegalArgumentException("a signed checkpoint must not be empty");
    }
    checkpoints.append(List.of(signedCheckpoint.clone()), false);
    forceToDisk.run();
  }

  /** True while this member holds the cluster's checkpoint-signer lease (see {@link CheckpointSignerLease}). */
  @Override
  public boolean isCheckpointSigner() {
    try {
      return signerLease.held();
    } catch (RuntimeException e) {
      return false; // cluster unreachable: do not sign; the next attempt asks again
    }
  }

  @Override
  public List<byte[]> checkpoints() {
    return checkpoints.read(0, checkpoints.length());
  }

  /** Waits for the events being appended on this node, then stops accepting new ones. */
  @Override
  public void close() {
    commit.close();
  }

  private static void checkRange(long from, long to, long size) {
    if (from < 0 || from > to || to > size) {
      throw new IllegalArgumentException("cannot read audit events [" + from + ", " + to + "): the log holds events "
          + "0 to " + (size - 1) + " (size " + size + "); ask for 0 <= from <= to <= size");
    }
  }
}
