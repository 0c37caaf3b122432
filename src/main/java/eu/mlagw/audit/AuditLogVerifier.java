package eu.mlagw.audit;

import eu.mlagw.error.GatewayException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes the whole audit log from its store and checks it against every signed checkpoint,
 * trusting nothing the store says: each checkpoint's signature and signer, sizes and times that
 * never go back, sequence numbers 0, 1, 2, ... without gap, duplicate or reordering, and the RFC
 * 9162 root at each checkpoint's size. Events are streamed in batches through a
 * {@link CompactRange}, so memory stays bounded whatever the log's length. Thread-safe if the
 * store is.
 *
 * <p>Checkpoints the auditor kept from earlier runs ({@code known}) are checked the same way; they
 * are how a rollback (events and the checkpoints covering them removed together) is detected.
 */
public final class AuditLogVerifier {
  /** Events read from the store per call. */
  public static final int BATCH = 10_000;
  private final CheckpointVerifier checkpoints;
  private final String origin;

  /**
   * @param origin the gateway id: every checkpoint must be of its log ({@link Checkpoint#isOfGateway}),
   *     and no legacy-form checkpoint may follow one in note form in the store
   */
  public AuditLogVerifier(CheckpointVerifier checkpoints, String origin) {
    this.checkpoints = checkpoints;
    this.origin = origin;
  }

  /**
   * Verifies the log in {@code store} against its checkpoints and {@code known}. Damage the store
   * itself reports while reading ({@link StoreDamageException}) is a failed result like any other
   * finding, never an exception.
   */
  public VerificationResult verify(AuditStore store, List<byte[]> known, Instant now) {
    try {
      return verifyOrThrow(store, known, now);
    } catch (StoreDamageException e) {
      return VerificationResult.failed(0, 0, 0, e.position(), e.position(), e.failure(), e.getMessage());
    }
  }

  private VerificationResult verifyOrThrow(AuditStore store, List<byte[]> known, Instant now) {
    List<byte[]> stored = store.checkpoints();
    List<byte[]> all = new ArrayList<>(stored);
    all.addAll(known);
    // Signatures are independent of each other: check them on all cores, judge them in order below.
    List<Object> outcomes = java.util.stream.IntStream.range(0, all.size()).parallel().mapToObj(i -> {
      try {
        return (Object) checkpoints.verify(all.get(i), now);
      } catch (GatewayException e) {
        return e;
      }
    }).toList();
    List<Checkpoint> signed = new ArrayList<>();
    Checkpoint previous = null;
    boolean noteSeen = false;
    for (int i = 0; i < all.size(); i++) {
      boolean held = i >= stored.size();
      String name = held ? "the checkpoint you hold (#" + (i - stored.size() + 1) + ")"
          : "checkpoint #" + (i + 1) + " of the store";
      long from = previous == null ? 0 : previous.size();
      if (outcomes.get(i) instanceof GatewayException e) {
        return VerificationResult.failed(0, i, 0, from, -1, AuditFailure.CHECKPOINT_INVALID,
            name + " is not valid (" + e.reason() + ": " + e.getMessage() + "); events from " + from
                + " on are not covered by a valid checkpoint");
      }
      VerifiedCheckpoint v = (VerifiedCheckpoint) outcomes.get(i);
      Checkpoint c = v.checkpoint();
      if (!v.isOfGateway(origin)) {
        return VerificationResult.failed(0, i, 0, from, -1, AuditFailure.CHECKPOINT_INVALID,
            name + " is for log '" + c.origin() + "', not '" + (v.legacy() ? origin + "' (a checkpoint in the "
                + "legacy form names the gateway id)" : Checkpoint.originOf(origin) + "'")
                + "; it belongs to another gateway's log");
      }
      if (!held && v.legacy() && noteSeen) {
        return VerificationResult.failed(0, i, 0, from, -1, AuditFailure.CHECKPOINT_INVALID,
            name + " is in the legacy form (no note signature) but follows a checkpoint signed as a note; "
                + "a gateway never goes back to the legacy form, so it was not written by this gateway's software");
      }
      noteSeen |= !held && !v.legacy();
      if (!held && previous != null && (c.size() < previous.size() || c.time().isBefore(previous.time()))) {
        return VerificationResult.failed(0, i, 0, c.size(), -1, AuditFailure.CHECKPOINT_ROLLED_BACK,
            name + " (size " + c.size() + ", " + c.time() + ") goes back behind the one before it (size "
                + previous.size() + ", " + previous.time() + "); checkpoints only ever grow");
      }
      if (!held) {
        previous = c;
      }
      signed.add(c);
    }
    long size = store.size();
    return new Stream(store, size, signed, signed.size() - known.size()).run();
  }

  /** One streaming pass: sequence checks, leaf hashing, a root comparison at each checkpoint size. */
  private static final class Stream {
    private final AuditStore store;
    private final long size;
    private final List<Checkpoint> bySize;
    private final CompactRange tree = new CompactRange();
    private int next;
    private long covered;
    private int checked;

    private final List<Checkpoint> held;

    Stream(AuditStore store, long size, List<Checkpoint> signed, int storedCount) {
      this.store = store;
      this.size = size;
      this.bySize = new ArrayList<>(signed);
      this.held = signed.subList(storedCount, signed.size());
      bySize.sort(java.util.Comparator.comparingLong(Checkpoint::size));
    }

    VerificationResult run() {
      long expected = 0;
      VerificationResult bad = compareRoots(expected);
      while (bad == null && expected < size) {
        List<AuditEvent> batch = store.read(expected, Math.min(size, expected + BATCH));
        if (batch.isEmpty()) {
          return VerificationResult.failed(expected, checked, covered, expected, expected, AuditFailure.EVENT_MISSING,
              "the store reports " + size + " events but returns none from sequence " + expected);
        }
        byte[][] leaves = BatchLeafHasher.leafHashes(batch);
        for (int i = 0; i < batch.size() && bad == null; i++) {
          AuditEvent e = batch.get(i);
          if (e.sequence() != expected) {
            return sequenceProblem(batch, i, expected, checked, covered);
          }
          tree.appendHash(leaves[i]);
          expected++;
          bad = compareRoots(expected);
        }
      }
      if (bad != null) {
        return bad;
      }
      if (next < bySize.size()) {
        Checkpoint c = bySize.get(bySize.size() - 1);
        boolean rolledBack = bySize.subList(next, bySize.size()).stream().allMatch(held::contains);
        return VerificationResult.failed(expected, checked, covered, size, c.size() - 1,
            rolledBack ? AuditFailure.CHECKPOINT_ROLLED_BACK : AuditFailure.LOG_TRUNCATED,
            "the store holds " + size + " events but a signed checkpoint" + (rolledBack ? " you hold" : " in the store")
                + " (" + c.time() + ") covers " + c.size() + "; events " + size + ".." + (c.size() - 1) + " were removed"
                + (rolledBack ? " together with the checkpoints that covered them (the log was rolled back)" : ""));
      }
      String tail = size > covered ? "; events " + covered + ".." + (size - 1)
          + " are not yet covered by a signed checkpoint" : "";
      return VerificationResult.passed(expected, checked, covered, expected + " events and " + checked
          + " checkpoints verified" + (covered > 0 ? ", the newest covering events 0.." + (covered - 1) : "") + tail);
    }

    private VerificationResult compareRoots(long treeSize) {
      while (next < bySize.size() && bySize.get(next).size() == treeSize) {
        Checkpoint c = bySize.get(next++);
        byte[] root = tree.root();
        if (!MessageDigest.isEqual(root, c.rootHash())) {
          long last = Math.max(covered, c.size() - 1);
          return VerificationResult.failed(treeSize, checked, covered, covered, last, AuditFailure.ROOT_MISMATCH,
              "the events up to " + (c.size() - 1) + " do not hash to the root signed at " + c.time() + " (signed "
                  + MerkleHashes.hex(c.rootHash()) + ", calculated " + MerkleHashes.hex(root) + "): an event in "
                  + covered + ".." + last + " was changed, or events were removed or inserted and renumbered");
        }
        covered = c.size();
        checked++;
      }
      return null;
    }
  }

  private static VerificationResult sequenceProblem(List<AuditEvent> batch, int at, long expected, int checked,
      long covered) {
    long found = batch.get(at).sequence();
    if (found < expected) {
      return VerificationResult.failed(expected, checked, covered, found, found, AuditFailure.EVENT_DUPLICATED,
          "sequence number " + found + " appears twice (again where " + expected + " belongs): an event was inserted");
    }
    for (int j = at + 1; j < batch.size(); j++) {
      if (batch.get(j).sequence() == expected) {
        return VerificationResult.failed(expected, checked, covered, expected, expected, AuditFailure.EVENTS_REORDERED,
            "event " + expected + " comes after event " + found + ": the events were reordered");
      }
    }
    return VerificationResult.failed(expected, checked, covered, expected, found - 1, AuditFailure.EVENT_MISSING,
        "event " + expected + (found - 1 > expected ? " to " + (found - 1) : "") + " is missing (the next event is "
            + found + "): events were deleted");
  }
}
