package eu.mlagw.ops;

import eu.mlagw.audit.AuditStore;
import eu.mlagw.audit.Checkpoint;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.error.GatewayException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The audit log as operators watch it: its size, and its newest signed checkpoint — how old it is
 * and how many events it does not cover yet. A checkpoint is signed only while the log grows, so an
 * old checkpoint on an idle gateway is fine; one that is old while events wait is not. Gauges:
 * {@code mlagw_audit_events}, {@code mlagw_audit_checkpoint_age_seconds}, {@code
 * mlagw_audit_events_uncovered}. The newest checkpoint's signature is verified once per checkpoint
 * (a store that returns a bad one shows no age). Thread-safe.
 */
public final class AuditLogState {
  private final AuditStore store;
  private final CheckpointVerifier verifier;
  private final Clock clock;
  private byte[] lastSigned; // guarded by this
  private Checkpoint lastCheckpoint; // guarded by this

  public AuditLogState(AuditStore store, CheckpointVerifier verifier, Clock clock, MeterRegistry registry) {
    this.store = store;
    this.verifier = verifier;
    this.clock = clock;
    Gauge.builder("mlagw.audit.events", store, AuditStore::size).description("Events in the audit log")
        .register(registry);
    Gauge.builder("mlagw.audit.checkpoint.age", this, s -> s.checkpointAge().map(d -> d.toMillis() / 1000.0)
        .orElse(Double.NaN)).baseUnit("seconds").description("Age of the newest signed audit checkpoint")
        .register(registry);
    Gauge.builder("mlagw.audit.events.uncovered", this, AuditLogState::uncovered)
        .description("Audit events not covered by the newest signed checkpoint yet").register(registry);
  }

  /** The newest signed checkpoint, verified; empty when there is none (or it does not verify). */
  public synchronized Optional<Checkpoint> newestCheckpoint() {
    Optional<byte[]> signed = store.latestCheckpoint();
    if (signed.isEmpty()) {
      return Optional.empty();
    }
    if (!Arrays.equals(signed.get(), lastSigned)) {
      try {
        lastCheckpoint = verifier.verify(signed.get(), clock.instant()).checkpoint();
      } catch (GatewayException e) {
        lastCheckpoint = null;
      }
      lastSigned = signed.get();
    }
    return Optional.ofNullable(lastCheckpoint);
  }

  public Optional<Duration> checkpointAge() {
    return newestCheckpoint().map(c -> Duration.between(c.time(), clock.instant()));
  }

  /** Events appended after the newest checkpoint (all of them when there is none). */
  public long uncovered() {
    long size = store.size();
    return size - newestCheckpoint().map(Checkpoint::size).orElse(0L);
  }

  /** The number of events, or an exception if the store cannot answer (for readiness). */
  public long size() {
    return store.size();
  }
}
