package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One fixture per attack on a stored log of 40 events with signed checkpoints at sizes 10, 20, 30
 * and 40; each asserts the exact failure and first (and last) bad sequence number.
 */
class AuditLogTamperCorpusTest {
  private static final Credential STOLEN_PARTICIPANT_SEAL = AuditFixture.PKI.seal("AL-PG-TIRANA", KeyKind.EC_P256,
      TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.plus(Duration.ofDays(365)));
  private static final TestPki OTHER_PKI = new TestPki("Attacker");
  private static final Credential OTHER_SEAL = OTHER_PKI.gatewaySeal(AuditFixture.GATEWAY, KeyKind.EC_P256,
      TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.plus(Duration.ofDays(365)));

  /** A tampering of the fixture, given the fixture (for re-signing) and the held checkpoints list. */
  interface Attack {
    void apply(AuditFixture f, List<byte[]> held) throws Exception;
  }

  static AuditEvent edited(AuditEvent e) {
    return new AuditEvent(e.sequence(), e.time(), e.node(), e.gateway(), e.record().withParties("AL-PG-TIRANA", "XK-PG-PRISHTINA"));
  }

  static AuditEvent renumbered(AuditEvent e, long seq) {
    return new AuditEvent(seq, e.time(), e.node(), e.gateway(), e.record());
  }

  /** Checkpoints recomputed over the tampered events and signed with {@code key} (the rehash attack). */
  static void resign(AuditFixture f, Credential key, int fromCheckpoint) throws Exception {
    CheckpointSigner forger = new CheckpointSigner(new DetachedSigner(key), eu.mlagw.testing.TestNoteKeys.of(AuditFixture.GATEWAY));
    List<byte[]> old = f.store.checkpoints();
    List<byte[]> replaced = new ArrayList<>(old.subList(0, fromCheckpoint));
    for (byte[] signed : old.subList(fromCheckpoint, old.size())) {
      Checkpoint c = AuditFixture.verifier().verify(signed, Instant.now()).checkpoint();
      CompactRange r = new CompactRange();
      f.store.read(0, c.size()).forEach(e -> r.appendLeaf(AuditEventCodec.encode(e)));
      replaced.add(forger.sign(new Checkpoint(c.origin(), c.size(), r.root(), c.time())));
    }
    f.store.tamper((events, checkpoints) -> {
      checkpoints.clear();
      checkpoints.addAll(replaced);
    });
  }

  /** Flips one Base64 character of the root inside the signed bytes: the body no longer matches its signature. */
  static byte[] forgedRoot(byte[] signed) throws eu.mlagw.error.GatewayException {
    Checkpoint c = AuditFixture.verifier().verify(signed, Instant.now()).checkpoint();
    byte[] root = java.util.Base64.getEncoder().encodeToString(c.rootHash()).getBytes(StandardCharsets.US_ASCII);
    byte[] out = signed.clone();
    for (int i = 0; i + root.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + root.length, root, 0, root.length)) {
        out[i] = (byte) (out[i] == 'A' ? 'B' : 'A');
        return out;
      }
    }
    throw new AssertionError("root not found inside the signed checkpoint");
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        Arguments.of("event-edited", (Attack) (f, held) -> f.store.tamper((e, c) -> e.set(13, edited(e.get(13)))),
            AuditFailure.ROOT_MISMATCH, 10, 19),
        Arguments.of("event-deleted", (Attack) (f, held) -> f.store.tamper((e, c) -> e.remove(13)),
            AuditFailure.EVENT_MISSING, 13, 13),
        Arguments.of("events-deleted-5-to-7", (Attack) (f, held) -> f.store.tamper((e, c) -> e.subList(5, 8).clear()),
            AuditFailure.EVENT_MISSING, 5, 7),
        Arguments.of("event-inserted", (Attack) (f, held) -> f.store.tamper((e, c) -> e.add(13, edited(e.get(13)))),
            AuditFailure.EVENT_DUPLICATED, 13, 13),
        Arguments.of("events-reordered", (Attack) (f, held) -> f.store.tamper((e, c) -> java.util.Collections.swap(e, 13, 14)),
            AuditFailure.EVENTS_REORDERED, 13, 13),
        Arguments.of("event-deleted-and-renumbered", (Attack) (f, held) -> f.store.tamper((e, c) -> {
          e.remove(13);
          for (int i = 13; i < e.size(); i++) {
            e.set(i, renumbered(e.get(i), i));
          }
          e.add(renumbered(e.get(e.size() - 1), e.size())); // keep the count
        }), AuditFailure.ROOT_MISMATCH, 10, 19),
        Arguments.of("event-edited-with-rehash", (Attack) (f, held) -> {
          f.store.tamper((e, c) -> e.set(13, edited(e.get(13))));
          resign(f, STOLEN_PARTICIPANT_SEAL, 1);
        }, AuditFailure.CHECKPOINT_INVALID, 10, -1),
        Arguments.of("checkpoint-forged-signature", (Attack) (f, held) -> {
          byte[] forged = forgedRoot(f.store.checkpoints().get(2));
          f.store.tamper((e, c) -> c.set(2, forged));
        }, AuditFailure.CHECKPOINT_INVALID, 20, -1),
        Arguments.of("checkpoint-signed-by-other-key", (Attack) (f, held) -> resign(f, OTHER_SEAL, 2),
            AuditFailure.CHECKPOINT_INVALID, 20, -1),
        Arguments.of("checkpoint-rolled-back", (Attack) (f, held) -> f.store.tamper((e, c) -> c.add(c.get(1))),
            AuditFailure.CHECKPOINT_ROLLED_BACK, 20, -1),
        Arguments.of("log-rolled-back-with-its-checkpoints", (Attack) (f, held) -> {
          held.add(f.store.latestCheckpoint().orElseThrow());
          f.store.tamper((e, c) -> {
            e.subList(25, e.size()).clear();
            c.subList(2, c.size()).clear();
          });
        }, AuditFailure.CHECKPOINT_ROLLED_BACK, 25, 39),
        Arguments.of("log-truncated-below-checkpoint", (Attack) (f, held) -> f.store.tamper((e, c) -> e.subList(35, 40).clear()),
            AuditFailure.LOG_TRUNCATED, 35, 39));
  }

  static AuditFixture fortyEvents() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(40, 10);
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void everyAttackIsNamedWithItsFirstBadSequence(String name, Attack attack, AuditFailure failure, long firstBad,
      long lastBad) throws Exception {
    AuditFixture f = fortyEvents();
    List<byte[]> held = new ArrayList<>();
    attack.apply(f, held);
    VerificationResult r = AuditFixture.logVerifier().verify(f.store, held, Instant.now());
    assertFalse(r.ok(), name + ": " + r.summary());
    assertEquals(failure, r.failure(), r.summary());
    assertEquals(firstBad, r.firstBadSequence(), r.summary());
    assertEquals(lastBad, r.lastBadSequence(), r.summary());
    assertTrue(r.summary().startsWith("TAMPERED first bad sequence " + firstBad), r.summary());
  }

  @Test
  void anUntouchedLogVerifies() throws Exception {
    AuditFixture f = fortyEvents();
    f.append(3);
    VerificationResult r = AuditFixture.logVerifier().verify(f.store, List.of(f.store.latestCheckpoint().orElseThrow()),
        Instant.now());
    assertTrue(r.ok(), r.summary());
    assertEquals(43, r.eventsChecked());
    assertEquals(5, r.checkpointsChecked());
    assertEquals(40, r.coveredEvents());
    assertEquals("OK 43 events and 5 checkpoints verified, the newest covering events 0..39; events 40..42 are not yet "
        + "covered by a signed checkpoint", r.summary());
  }

  @Test
  void theSignedByOtherKeyReportNamesTheUntrustedIssuer() throws Exception {
    AuditFixture f = fortyEvents();
    resign(f, OTHER_SEAL, 2);
    VerificationResult r = AuditFixture.logVerifier().verify(f.store, List.of(), Instant.now());
    assertTrue(r.message().contains("CERT_UNTRUSTED"), r.message());
    assertTrue(r.message().startsWith("checkpoint #3 of the store is not valid"), r.message());
  }
}
