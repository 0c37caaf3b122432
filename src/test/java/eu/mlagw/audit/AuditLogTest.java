package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: exactly what they cover, monotonic, refused over a tampered log, checkable by OpenSSL. */
class AuditLogTest {
  @TempDir Path dir;

  @Test
  void aCheckpointCoversExactlyTheEventsBeforeItsSize() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(17);
    VerifiedCheckpoint c = f.log.checkpoint();
    assertEquals(17, c.checkpoint().size());
    assertEquals(AuditFixture.GATEWAY + ".mlagw/audit", c.checkpoint().origin());
    CompactRange r = new CompactRange();
    f.store.read(0, 17).forEach(e -> r.appendLeaf(AuditEventCodec.encode(e)));
    assertArrayEquals(r.root(), c.checkpoint().rootHash());
    assertEquals(1, f.store.checkpoints().size());
  }

  @Test
  void anUnchangedLogReusesItsNewestCheckpointAndSizesNeverShrink() throws Exception {
    AuditFixture f = new AuditFixture();
    VerifiedCheckpoint empty = f.log.checkpoint();
    assertEquals(0, empty.checkpoint().size());
    assertArrayEquals(MerkleHashes.emptyRoot(), empty.checkpoint().rootHash());
    f.append(5);
    VerifiedCheckpoint five = f.log.checkpoint();
    assertArrayEquals(five.signed(), f.log.checkpoint().signed(), "no new events: the newest checkpoint is reused");
    assertEquals(2, f.store.checkpoints().size());
    f.append(1);
    VerifiedCheckpoint six = f.log.checkpoint();
    assertEquals(6, six.checkpoint().size());
    assertTrue(six.checkpoint().time().isAfter(five.checkpoint().time()));
  }

  @Test
  void aFreshNodeChecksTheStoredCheckpointBeforeSigningOverIt() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(20, 10);
    f.store.tamper((events, checkpoints) -> events.set(3, AuditLogTamperCorpusTest.edited(events.get(3))));
    f.append(2);
    AuditLog restarted = new AuditLog(f.store, AuditFixture.signer(), AuditFixture.verifier(), AuditFixture.GATEWAY,
        f.clock);
    GatewayException e = assertThrows(GatewayException.class, restarted::checkpoint);
    assertEquals(ReasonCode.AUDIT_TAMPERED, e.reason());
    assertTrue(e.getMessage().startsWith("refusing to sign a checkpoint: events 0..19 no longer hash to the root"),
        e.getMessage());
    assertEquals(2, f.store.checkpoints().size(), "nothing signed over the tampered log");
  }

  @Test
  void aTruncatedLogIsNeverSignedOver() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(10, 10);
    f.store.tamper((events, checkpoints) -> events.subList(8, 10).clear());
    GatewayException e = assertThrows(GatewayException.class, f.log::checkpoint);
    assertEquals(ReasonCode.AUDIT_TAMPERED, e.reason());
  }

  @Test
  void scheduledCheckpointsFollowTheLog() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(3);
    f.log.startCheckpoints(Duration.ofMillis(50));
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (f.store.checkpoints().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      f.append(4);
      while (AuditFixture.verifier().verify(f.store.latestCheckpoint().orElseThrow(), Instant.now()).checkpoint().size() < 7
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      f.log.close();
    }
    VerificationResult r = AuditFixture.logVerifier().verify(f.store, List.of(), Instant.now());
    assertTrue(r.ok(), r.summary());
    assertEquals(7, r.coveredEvents());
  }

  @Test
  void openSslVerifiesACheckpointAndPrintsItsSignedNote() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(4);
    VerifiedCheckpoint c = f.log.checkpoint();
    Files.write(dir.resolve("checkpoint.p7s"), c.signed());
    Files.writeString(dir.resolve("root.pem"), KeyStoreFiles.pem(AuditFixture.PKI.rootCertificate()));
    OpenSsl.ok(dir, "cms", "-verify", "-inform", "DER", "-in", "checkpoint.p7s", "-CAfile", "root.pem",
        "-out", "body.txt");
    assertArrayEquals(c.note(), Files.readAllBytes(dir.resolve("body.txt")));
    String note = new String(c.note(), StandardCharsets.UTF_8);
    assertTrue(note.matches("gw-test\\.mlagw/audit\n4\n[A-Za-z0-9+/]{43}=\ntime \\d{4}-.*Z\n\n"
        + "\u2014 gw-test\\.mlagw/audit [A-Za-z0-9+/]{91}=\n"), note);
    assertEquals(c.checkpoint(), Checkpoint.parse(c.note()));
    assertEquals(c.checkpoint(), Checkpoint.parse(c.checkpoint().body()));
  }

  @Test
  void checkpointBodiesAreCanonical() {
    Checkpoint c = new Checkpoint("gw-test", 5, new byte[32], Instant.parse("2026-11-28T10:00:00Z"));
    assertEquals("gw-test\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntime 2026-11-28T10:00:00Z\n",
        new String(c.body(), StandardCharsets.UTF_8));
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(
        "gw-test\n05\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntime 2026-11-28T10:00:00Z\n".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(
        "gw-test\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntime 2026-11-28T10:00:00Z".getBytes(StandardCharsets.UTF_8)));
  }
}
