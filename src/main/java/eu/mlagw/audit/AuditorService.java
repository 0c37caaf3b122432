package eu.mlagw.audit;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an auditor may do with the gateway's audit log, whatever the channel (the REST audit API,
 * and possibly others): query events page by page, list an exchange's events, get its proof
 * bundle, read the newest signed checkpoint, verify the whole log. Knows nothing of HTTP.
 *
 * <p>Guarantees: every call first appends its own event (AUDIT_QUERIED, AUDIT_EXPORTED or
 * AUDIT_VERIFIED) naming the auditor and the stated purpose from the {@link AuditorAction} the
 * caller authenticated, and the filter; refused calls are recorded too ({@link #refused}). A page
 * holds at most {@link #MAX_LIMIT} events and memory stays bounded by it. Thread-safe if the log is.
 */
public final class AuditorService {
  /** Largest page of events one call returns. */
  public static final int MAX_LIMIT = 1000;
  private final AuditLog log;
  private final AuditLogVerifier verifier;
  private final CheckpointVerifier checkpoints;
  private final List<X509CRL> crls;
  private final Path scratch;
  private final Clock clock;

  /**
   * @param log the gateway's audit log (its store is read; checkpoints are signed for proofs)
   * @param verifier checks the whole log
   * @param checkpoints checks the newest stored checkpoint before it is handed out
   * @param crls the CRLs put into proof bundles
   * @param scratch where proof bundles are written before they are sent (then deleted by the caller)
   */
  public AuditorService(AuditLog log, AuditLogVerifier verifier, CheckpointVerifier checkpoints, List<X509CRL> crls,
      Path scratch, Clock clock) {
    this.log = log;
    this.verifier = verifier;
    this.checkpoints = checkpoints;
    this.crls = List.copyOf(crls);
    this.scratch = scratch;
    this.clock = clock;
  }

  /**
   * One page of events.
   *
   * @param events matching events, in sequence order
   * @param nextAfterSequence pass as {@code afterSequence} for the next page; null when the log was
   *     read to its end
   */
  public record Page(List<AuditEvent> events, Long nextAfterSequence) {}

  /**
   * The events matching {@code query} with sequence numbers above {@code afterSequence} (-1: from
   * the start), at most {@code limit} (1..{@link #MAX_LIMIT}).
   *
   * @throws GatewayException INPUT_INVALID for a limit out of range
   */
  public Page events(AuditorAction who, AuditQuery query, long afterSequence, int limit) throws GatewayException {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "limit " + limit + " is out of range; give 1.."
          + MAX_LIMIT + " and page on with afterSequence");
    }
    if (afterSequence < -1) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "afterSequence " + afterSequence + " is negative; give -1 "
          + "(or leave it out) to start at the first event");
    }
    Map<String, String> what = new LinkedHashMap<>(query.describe());
    what.put("afterSequence", String.valueOf(afterSequence));
    what.put("limit", String.valueOf(limit));
    who.record(log, AuditEventType.AUDIT_QUERIED, query.exchangeId(), what);
    AuditStore store = log.store();
    long size = store.size();
    java.util.Set<String> caseExchanges = query.caseExchanges(store, size);
    List<AuditEvent> found = new ArrayList<>();
    for (long at = afterSequence + 1; at < size; ) {
      List<AuditEvent> batch = store.read(at, Math.min(size, at + AuditLogVerifier.BATCH));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditEvent e : batch) {
        if (query.matches(e, caseExchanges)) {
          found.add(e);
          if (found.size() == limit) {
            return new Page(found, e.sequence() + 1 < size ? e.sequence() : null);
          }
        }
      }
      at += batch.size();
    }
    return new Page(found, null);
  }

  /**
   * Writes every event matching {@code query} to {@code out} in {@code format} (streamed: memory does
   * not grow with the log), after recording AUDIT_EXPORTED with the filter and the format.
   *
   * @return how many events were written
   */
  public long export(AuditorAction who, AuditQuery query, AuditExport.Format format, java.io.Writer out) {
    Map<String, String> what = new LinkedHashMap<>(query.describe());
    what.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
    who.record(log, AuditEventType.AUDIT_EXPORTED, query.exchangeId(), what);
    AuditExport export = new AuditExport(out, format);
    query.run(log.store(), export::add);
    return export.written();
  }

  /**
   * Records a signed-report export of {@code query} (AUDIT_EXPORTED, format pdf) and signs a checkpoint
   * covering that record: the report lists the matching events of the log up to it ({@link #eventsUpTo}).
   */
  public VerifiedCheckpoint exportReport(AuditorAction who, AuditQuery query) throws GatewayException {
    Map<String, String> what = new LinkedHashMap<>(query.describe());
    what.put("format", "pdf");
    who.record(log, AuditEventType.AUDIT_EXPORTED, query.exchangeId(), what);
    return log.checkpoint();
  }

  /** The events matching {@code query} among the first {@code size} of the log, in sequence order. */
  public long eventsUpTo(AuditQuery query, long size, java.util.function.Consumer<AuditEvent> sink) {
    return query.run(log.store(), size, sink);
  }

  /** All events of one exchange, in sequence order (an exchange has tens of events, not thousands). */
  public List<AuditEvent> exchange(AuditorAction who, String exchangeId) throws GatewayException {
    requireId(exchangeId);
    AuditQuery query = new AuditQuery(exchangeId, null, null, null, null, null, null, null);
    who.record(log, AuditEventType.AUDIT_QUERIED, exchangeId, query.describe());
    List<AuditEvent> events = new ArrayList<>();
    query.run(log.store(), events::add);
    return events;
  }

  /**
   * Writes the proof bundle of one exchange (see {@link ProofBundleWriter}) against a checkpoint
   * signed now if needed, to a new file under the scratch folder; the caller sends and deletes it.
   *
   * @throws GatewayException INPUT_INVALID (no event of that exchange), AUDIT_TAMPERED, IO_ERROR
   */
  public Path proof(AuditorAction who, String exchangeId) throws GatewayException {
    requireId(exchangeId);
    if (!exists(exchangeId)) {
      // checked before the export is recorded: that record would otherwise be the exchange's only event
      GatewayException e = new GatewayException(ReasonCode.INPUT_INVALID, "no event of exchange '" + exchangeId
          + "' in the audit log; check the exchange id (GET /audit/v1/events?exchange=ID or mlagw audit query)");
      refused(who.auditor(), "proof bundle of exchange " + exchangeId, e);
      throw e;
    }
    who.record(log, AuditEventType.AUDIT_EXPORTED, exchangeId, Map.of("export", "proof bundle"));
    VerifiedCheckpoint checkpoint = log.checkpoint();
    Path file;
    try {
      Path dir = Files.createTempDirectory(scratch, ".proof-");
      file = dir.resolve(exchangeId.replaceAll("[^A-Za-z0-9._-]", "_") + ".zip");
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot make a scratch folder in " + scratch + ": "
          + e.getMessage() + "; check that it exists and is writable", e);
    }
    try {
      new ProofBundleWriter(log.store()).write(exchangeId, checkpoint, crls, file);
      return file;
    } catch (GatewayException e) {
      discard(file);
      throw e;
    }
  }

  /** Deletes a bundle returned by {@link #proof} and its scratch folder. */
  public static void discard(Path bundle) {
    try {
      Files.deleteIfExists(bundle);
      Files.deleteIfExists(bundle.getParent());
    } catch (IOException ignored) {
      // a leftover scratch file holds only what an auditor may see
    }
  }

  /** The newest stored checkpoint, its signature and signer verified; empty if none was signed yet. */
  public Optional<VerifiedCheckpoint> latestCheckpoint(AuditorAction who) throws GatewayException {
    who.record(log, AuditEventType.AUDIT_QUERIED, null, Map.of("checkpoint", "latest"));
    Optional<byte[]> latest = log.store().latestCheckpoint();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(checkpoints.verify(latest.get(), clock.instant()));
  }

  /** An RFC 9162 consistency proof between two tree sizes, with the roots the log has at both. */
  public record Consistency(long firstSize, byte[] firstRoot, long secondSize, byte[] secondRoot, List<byte[]> proof) {}

  /**
   * The consistency proof (RFC 9162 §2.1.4.1) from the tree of {@code first} events to the tree of
   * {@code second}, which must not exceed the newest signed checkpoint: an auditor holding a
   * checkpoint of size {@code first} checks that the signed log of size {@code second} extends it.
   * Reads the log once up to {@code second}; the root at the newest checkpoint's size is compared
   * with the signed one.
   *
   * @throws GatewayException INPUT_INVALID for sizes out of order or beyond the newest checkpoint,
   *     AUDIT_TAMPERED if the events no longer hash to the newest signed root
   */
  public Consistency consistency(AuditorAction who, long first, long second) throws GatewayException {
    who.record(log, AuditEventType.AUDIT_QUERIED, null, Map.of("consistency", first + ".." + second));
    Optional<byte[]> latestBytes = log.store().latestCheckpoint();
    Checkpoint latest = latestBytes.isEmpty() ? null : checkpoints.verify(latestBytes.get(), clock.instant()).checkpoint();
    long signed = latest == null ? 0 : latest.size();
    if (first < 1 || first > second || second > signed) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "a consistency proof needs 1 <= first <= second <= "
          + signed + " (the newest signed checkpoint's size), got first=" + first + ", second=" + second
          + "; give the size of the checkpoint you hold as first and a signed size as second");
    }
    LeafHashes leaves = new LeafHashes(second);
    MerkleHashes hashes = new MerkleHashes();
    for (long at = 0; at < second; ) {
      List<AuditEvent> batch = log.store().read(at, Math.min(second, at + AuditLogVerifier.BATCH));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditEvent e : batch) {
        if (e.sequence() != leaves.size()) {
          throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the store returned event " + e.sequence() + " where "
              + leaves.size() + " belongs; run mlagw audit verify");
        }
        leaves.add(hashes.leaf(AuditEventCodec.encode(e)));
      }
      at += batch.size();
    }
    if (leaves.size() != second) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the store holds only " + leaves.size() + " of the "
          + second + " events signed; run mlagw audit verify");
    }
    MerkleProofs proofs = new MerkleProofs(leaves);
    byte[] secondRoot = proofs.root(second);
    if (second == signed && !java.security.MessageDigest.isEqual(secondRoot, latest.rootHash())) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the events no longer hash to the newest signed root; "
          + "run mlagw audit verify");
    }
    return new Consistency(first, proofs.root(first), second, secondRoot, proofs.consistency(first, second));
  }

  /** Recomputes the whole log against every checkpoint; the outcome is recorded with the request. */
  public VerificationResult verify(AuditorAction who) {
    VerificationResult r = verifier.verify(log.store(), List.of(), clock.instant());
    Map<String, String> what = new LinkedHashMap<>();
    what.put("result", r.ok() ? "OK" : "TAMPERED");
    what.put("events", String.valueOf(r.eventsChecked()));
    what.put("checkpoints", String.valueOf(r.checkpointsChecked()));
    if (!r.ok()) {
      what.put("firstBadSequence", String.valueOf(r.firstBadSequence()));
      what.put("failure", r.failure().name());
    }
    who.record(log, AuditEventType.AUDIT_VERIFIED, null, what);
    return r;
  }

  /**
   * Records a refused request: who tried ({@code client}, e.g. a certificate's subject, or "no
   * certificate"), what ({@code request}) and why ({@code reason}, message).
   */
  public AuditEvent refused(String client, String request, GatewayException reason) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("outcome", "refused");
    details.put("client", client);
    details.put("request", request);
    details.put("why", reason.getMessage().length() > 300 ? reason.getMessage().substring(0, 300) : reason.getMessage());
    return log.append(AuditRecord.of(AuditEventType.AUDIT_QUERIED, null).withReason(reason.reason())
        .withDetails(details));
  }

  private boolean exists(String exchangeId) {
    AuditStore store = log.store();
    long size = store.size();
    for (long at = 0; at < size; ) {
      List<AuditEvent> batch = store.read(at, Math.min(size, at + AuditLogVerifier.BATCH));
      if (batch.isEmpty()) {
        return false;
      }
      for (AuditEvent e : batch) {
        if (exchangeId.equals(e.record().exchangeId())) {
          return true;
        }
      }
      at += batch.size();
    }
    return false;
  }

  private static void requireId(String exchangeId) throws GatewayException {
    if (exchangeId == null || exchangeId.isBlank() || exchangeId.length() > 200) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the exchange id is missing or longer than 200 characters; "
          + "give the id as the sender's gateway assigned it (mlagw audit query lists them)");
    }
  }
}
