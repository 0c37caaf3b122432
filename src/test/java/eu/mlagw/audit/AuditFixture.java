package eu.mlagw.audit;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.testing.TestPki;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway's audit trail made in code: a test PKI, the gateway's seal, a {@link ListAuditStore},
 * a clock that advances one second per reading (from a day ago, so signing times are never in the
 * future) and an {@link AuditLog} over them. Shared PKI (keys are slow to make), fresh stores.
 */
final class AuditFixture {
  static final String GATEWAY = "gw-test";
  static final TestPki PKI = new TestPki("Audit");
  static final Credential SEAL = PKI.gatewaySeal(GATEWAY, KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(30)),
      TestPki.NOW.plus(Duration.ofDays(365)));
  static final TrustPolicy TRUST = PKI.trustPolicy();

  final ListAuditStore store = new ListAuditStore(GATEWAY);
  final SteppingClock clock = new SteppingClock(Instant.now().minus(Duration.ofDays(1)));
  final AuditLog log = new AuditLog(store, signer(), verifier(), GATEWAY, clock);

  static CheckpointSigner signer() {
    return new CheckpointSigner(new DetachedSigner(SEAL), eu.mlagw.testing.TestNoteKeys.of(GATEWAY));
  }

  static CheckpointVerifier verifier() {
    return new CheckpointVerifier(TRUST, List.of(SEAL.certificate()), eu.mlagw.testing.TestNoteKeys.of(GATEWAY).verifierKey());
  }

  static AuditLogVerifier logVerifier() {
    return new AuditLogVerifier(verifier(), GATEWAY);
  }

  /** Exchange ids the events cycle through: EX-A, EX-B, EX-C. */
  static String exchangeOf(long i) {
    return "EX-" + (char) ('A' + i % 3);
  }

  static AuditRecord record(long i) {
    AuditEventType[] types = {AuditEventType.SUBMISSION_CLAIMED, AuditEventType.PACKAGE_SEALED, AuditEventType.PACKAGE_SENT};
    return AuditRecord.of(types[(int) (i / 3 % 3)], exchangeOf(i))
        .withParties("AL-PG-TIRANA", i % 2 == 0 ? "RS-HC-BELGRADE" : "ME-PG-PODGORICA")
        .withCaseReferences(List.of("PG-2026/" + (i % 3)))
        .withPersons(List.of("Marko Marković", "Марко Марковић"))
        .withDetails(java.util.Map.of("n", String.valueOf(i)));
  }

  void append(int n) {
    for (int i = 0; i < n; i++) {
      log.append(record(store.size()));
    }
  }

  /** Appends events in blocks of {@code every}, signing a checkpoint after each block. */
  void appendWithCheckpoints(int n, int every) throws Exception {
    for (int i = 0; i < n; i += every) {
      append(Math.min(every, n - i));
      log.checkpoint();
    }
  }

  /** A clock that moves one second forward each time it is read. */
  static final class SteppingClock extends Clock {
    private final AtomicLong millis;

    SteppingClock(Instant start) {
      millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.getAndAdd(1000));
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
