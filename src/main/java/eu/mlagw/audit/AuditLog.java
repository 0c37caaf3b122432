package eu.mlagw.audit;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of one gateway node on top of an {@link AuditStore}: appends events and signs
 * checkpoints of the log, on demand ({@link #checkpoint()}) and every configured interval
 * ({@link #startCheckpoints}).
 *
 * <p>Guarantees: a checkpoint of size n covers exactly the events with sequence numbers 0..n-1 as
 * the store returned them, each checked to be numbered without gap, duplicate or reordering;
 * checkpoints never shrink nor go back in time; before signing, the root at the newest stored
 * checkpoint's size is recomputed and compared, so a log tampered since is never signed over
 * (AUDIT_TAMPERED instead). The root is kept incrementally (a {@link CompactRange}): the first
 * checkpoint of a process reads the whole log once, later ones only the events appended since. A
 * log that has not grown gets no new checkpoint (the newest is returned). Thread-safe. In a cluster,
 * only the store's elected signer ({@link AuditStore#isCheckpointSigner()}) signs the scheduled
 * checkpoints, and a checkpoint that would be stored behind one another node stored meanwhile is
 * dropped in favour of that one.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private final AuditStore store;
  private final CheckpointSigner signer;
  private final CheckpointVerifier verifier;
  /** The gateway id; checkpoints are written with origin {@link Checkpoint#originOf}(gatewayId). */
  private final String gatewayId;
  private final Clock clock;
  private final CompactRange tree = new CompactRange();
  private ScheduledExecutorService scheduler;

  /**
   * @param gatewayId the gateway whose log this is: new checkpoints get origin
   *     {@link Checkpoint#originOf}(gatewayId), which must be the signer's note key name; stored ones may
   *     also be in the legacy form (origin = gateway id, no note signature)
   */
  public AuditLog(AuditStore store, CheckpointSigner signer, CheckpointVerifier verifier, String gatewayId,
      Clock clock) {
    if (!signer.noteVerifierKey().name().equals(Checkpoint.originOf(gatewayId))) {
      throw new IllegalArgumentException("the note key of gateway " + gatewayId + " must be named "
          + Checkpoint.originOf(gatewayId) + ", got " + signer.noteVerifierKey().name());
    }
    this.store = store;
    this.signer = signer;
    this.verifier = verifier;
    this.gatewayId = gatewayId;
    this.clock = clock;
  }

  @Override
  public AuditEvent append(AuditRecord record) {
    return store.append(record, clock.instant());
  }

  @Override
  public List<AuditEvent> appendAll(List<AuditRecord> records) {
    return store.appendAll(records, clock.instant());
  }

  /** The store below (read access for auditors' tools). */
  public AuditStore store() {
    return store;
  }

  /**
   * Signs a checkpoint of the whole log as it is now and stores it; if the newest stored
   * checkpoint already covers every event, returns that one instead.
   *
   * @throws GatewayException AUDIT_TAMPERED if the store's events or newest checkpoint do not
   *     agree with what was signed before; a signing or trust error from the seal
   */
  public synchronized VerifiedCheckpoint checkpoint() throws GatewayException {
    long size = store.size();
    if (size < tree.size()) {
      throw tampered("the store holds " + size + " events but " + tree.size() + " were hashed before; events were removed");
    }
    Optional<byte[]> latestBytes = store.latestCheckpoint();
    VerifiedCheckpoint latest = latestBytes.isPresent() ? verifier.verify(latestBytes.get(), clock.instant()) : null;
    if (latest != null) {
      Checkpoint l = latest.checkpoint();
      if (!latest.isOfGateway(gatewayId)) {
        throw tampered("the newest checkpoint in the store is for log '" + l.origin() + "', not '"
            + Checkpoint.originOf(gatewayId) + "'");
      }
      if (l.size() > size) {
        throw tampered("the store holds " + size + " events but its newest checkpoint covers " + l.size()
            + "; events were removed; run mlagw audit verify");
      }
      if (l.size() == size && l.size() >= tree.size()) {
        catchUp(size, l);
        return latest;
      }
    }
    catchUp(size, latest == null ? null : latest.checkpoint());
    Instant now = clock.instant();
    if (latest != null && now.isBefore(latest.checkpoint().time())) {
      now = latest.checkpoint().time(); // the clock went back: never sign a checkpoint older than the last
    }
    Checkpoint next = new Checkpoint(Checkpoint.originOf(gatewayId), size, tree.root(), now);
    byte[] signed = signer.sign(next);
    VerifiedCheckpoint verified = verifier.verify(signed, now);
    Optional<byte[]> newest = store.latestCheckpoint();
    if (newest.isPresent() && !java.util.Arrays.equals(newest.get(), latestBytes.orElse(null))) {
      // another node stored a checkpoint while this one signed: storing this one could put a smaller or
      // older checkpoint after it (CHECKPOINT_ROLLED_BACK on an untampered log)
      VerifiedCheckpoint other = verifier.verify(newest.get(), clock.instant());
      if (other.checkpoint().size() >= size || other.checkpoint().time().isAfter(now)) {
        return other;
      }
    }
    store.addCheckpoint(signed);
    return verified;
  }

  /**
   * Checks the store against its newest signed checkpoint without signing: the checkpoint's
   * signature, that the log still holds every event it covers, and that those events hash to its
   * root. Reads the events this process has not hashed yet once (the next {@link #checkpoint()}
   * then reads only what was appended since). Does nothing on a log without checkpoints.
   *
   * @throws GatewayException AUDIT_TAMPERED naming what does not match; a {@link StoreDamageException}
   *     if the store itself finds a row missing or unreadable
   */
  public synchronized void verifyAgainstNewestCheckpoint() throws GatewayException {
    Optional<byte[]> latestBytes = store.latestCheckpoint();
    if (latestBytes.isEmpty()) {
      return;
    }
    VerifiedCheckpoint verified = verifier.verify(latestBytes.get(), clock.instant());
    Checkpoint latest = verified.checkpoint();
    if (!verified.isOfGateway(gatewayId)) {
      throw tampered("the newest checkpoint in the store is for log '" + latest.origin() + "', not '"
          + Checkpoint.originOf(gatewayId) + "'");
    }
    long size = store.size();
    if (latest.size() > size) {
      throw tampered("the store holds " + size + " events but its newest checkpoint covers " + latest.size()
          + "; events were removed");
    }
    if (tree.size() <= latest.size()) {
      catchUp(latest.size(), latest);
    }
  }

  /** Reads events [tree size, size) into the tree, comparing the root at {@code latest}'s size. */
  private void catchUp(long size, Checkpoint latest) throws GatewayException {
    if (latest != null && latest.size() == tree.size()) {
      compare(latest);
    }
    while (tree.size() < size) {
      long from = tree.size();
      List<AuditEvent> batch = store.read(from, Math.min(size, from + AuditLogVerifier.BATCH));
      if (batch.isEmpty()) {
        throw tampered("the store reports " + size + " events but returns none from " + from);
      }
      byte[][] leaves = BatchLeafHasher.leafHashes(batch);
      for (int i = 0; i < batch.size(); i++) {
        AuditEvent e = batch.get(i);
        if (e.sequence() != tree.size()) {
          throw tampered("the store returned event " + e.sequence() + " where " + tree.size() + " belongs");
        }
        tree.appendHash(leaves[i]);
        if (latest != null && latest.size() == tree.size()) {
          compare(latest);
        }
      }
    }
  }

  private void compare(Checkpoint latest) throws GatewayException {
    byte[] root = tree.root();
    if (!MessageDigest.isEqual(root, latest.rootHash())) {
      throw tampered("events 0.." + (latest.size() - 1) + " no longer hash to the root signed at " + latest.time()
          + " (signed " + MerkleHashes.hex(latest.rootHash()) + ", calculated " + MerkleHashes.hex(root) + ")");
    }
  }

  private static GatewayException tampered(String what) {
    return new GatewayException(ReasonCode.AUDIT_TAMPERED, "refusing to sign a checkpoint: " + what
        + "; run mlagw audit verify to find the first bad sequence number");
  }

  /** Signs a checkpoint every {@code interval} while the log grows (one daemon thread). */
  public synchronized void startCheckpoints(Duration interval) {
    if (scheduler != null) {
      throw new IllegalStateException("scheduled checkpoints already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-checkpoints");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::scheduledCheckpoint, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void scheduledCheckpoint() {
    try {
      if (!store.isCheckpointSigner()) {
        return; // another member of the cluster signs
      }
      checkpoint();
    } catch (GatewayException | RuntimeException e) {
      LOG.error("audit checkpoint failed: {}", e.toString());
    }
  }

  /** Stops the scheduled checkpoints (the store stays open: its owner closes it). */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
