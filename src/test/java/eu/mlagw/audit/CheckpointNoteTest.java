package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.NoteSigner;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestNoteKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints as C2SP signed notes inside CMS, the legacy form they replace (still verified), and
 * the versioning rule between the two.
 */
class CheckpointNoteTest {
  private static final String ORIGIN = "gw-test.mlagw/audit";

  @Test
  void aNewCheckpointIsASignedNoteOfTheGatewaysOriginInsideTheCms() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(5);
    VerifiedCheckpoint v = f.log.checkpoint();
    assertFalse(v.legacy());
    assertEquals(ORIGIN, v.checkpoint().origin());
    assertEquals(TestNoteKeys.of(AuditFixture.GATEWAY).verifierKey(), v.noteKey());
    String note = new String(v.note(), StandardCharsets.UTF_8);
    assertTrue(note.startsWith(new String(v.checkpoint().body(), StandardCharsets.UTF_8) + "\n\u2014 " + ORIGIN + " "), note);
    assertEquals(v.checkpoint(), Checkpoint.parse(v.note()));
  }

  /** Read from the spec alone: name, key id = SHA-256(name || 0x0A || 0x01 || key)[:4], Ed25519 over the text. */
  @Test
  void theNoteVerifiesAsTheSignedNoteSpecSays() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(3);
    String note = new String(f.log.checkpoint().note(), StandardCharsets.UTF_8);
    String vkey = TestNoteKeys.of(AuditFixture.GATEWAY).verifierKey().toString();
    int blank = note.lastIndexOf("\n\n");
    byte[] text = note.substring(0, blank + 1).getBytes(StandardCharsets.UTF_8);
    String[] line = note.substring(blank + 2, note.length() - 1).split(" ");
    String[] key = vkey.split("\\+", 3);
    byte[] raw = Base64.getDecoder().decode(key[2]);
    assertEquals(List.of("\u2014", ORIGIN), List.of(line[0], line[1]));
    assertEquals(ORIGIN, key[0]);
    assertEquals(33, raw.length);
    assertEquals(1, raw[0], "algorithm byte of Ed25519");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((ORIGIN + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] id = Arrays.copyOf(sha.digest(raw), 4);
    assertEquals(key[1], HexFormat.of().formatHex(id));
    byte[] sig = Base64.getDecoder().decode(line[2]);
    assertEquals(68, sig.length);
    assertArrayEquals(id, Arrays.copyOf(sig, 4));
    Signature ed = Signature.getInstance("Ed25519");
    ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
        concat(HexFormat.of().parseHex("302a300506032b6570032100"), Arrays.copyOfRange(raw, 1, 33)))));
    ed.update(text);
    assertTrue(ed.verify(Arrays.copyOfRange(sig, 4, 68)));
    assertTrue(new String(text, StandardCharsets.UTF_8).matches(
        "gw-test\\.mlagw/audit\n3\n[A-Za-z0-9+/]{43}=\ntime \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\n"));
  }

  @Test
  void aCheckpointInTheLegacyFormStillVerifiesAndTheLogGoesOnInTheNewForm() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(4);
    f.store.addCheckpoint(legacy(f, 4));
    VerifiedCheckpoint old = AuditFixture.verifier().verify(f.store.checkpoints().get(0), Instant.now());
    assertTrue(old.legacy());
    assertEquals(AuditFixture.GATEWAY, old.checkpoint().origin());
    assertNull(old.noteKey());
    assertTrue(old.isOfGateway(AuditFixture.GATEWAY));
    f.append(3);
    VerifiedCheckpoint next = f.log.checkpoint();
    assertFalse(next.legacy());
    assertEquals(ORIGIN, next.checkpoint().origin());
    VerificationResult r = AuditFixture.logVerifier().verify(f.store, List.of(), Instant.now());
    assertTrue(r.ok(), r.summary());
    assertEquals(7, r.coveredEvents());
  }

  @Test
  void aLegacyCheckpointAfterANoteIsADowngrade() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(4);
    f.log.checkpoint();
    f.append(2);
    f.store.addCheckpoint(legacy(f, 6));
    VerificationResult r = AuditFixture.logVerifier().verify(f.store, List.of(), Instant.now());
    assertEquals(AuditFailure.CHECKPOINT_INVALID, r.failure(), r.summary());
    assertTrue(r.message().contains("checkpoint #2 of the store is in the legacy form"), r.message());
  }

  @Test
  void aLegacyFormWithTheNewOriginOrANoteWithTheOldOriginIsRefused() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(2);
    Checkpoint c = new Checkpoint(ORIGIN, 2, root(f, 2), f.clock.instant());
    f.store.addCheckpoint(new DetachedSigner(AuditFixture.SEAL).signEncapsulating(c.body(), c.time()));
    VerificationResult r = AuditFixture.logVerifier().verify(f.store, List.of(), Instant.now());
    assertEquals(AuditFailure.CHECKPOINT_INVALID, r.failure(), r.summary());
    assertTrue(r.message().contains("is for log 'gw-test.mlagw/audit'"), r.message());

    NoteSigner oldNamed = NoteSigner.generate(AuditFixture.GATEWAY, new java.security.SecureRandom());
    byte[] signed = new CheckpointSigner(new DetachedSigner(AuditFixture.SEAL), oldNamed)
        .sign(new Checkpoint(AuditFixture.GATEWAY, 2, root(f, 2), f.clock.instant()));
    GatewayException e = assertThrows(GatewayException.class, () -> AuditFixture.verifier().verify(signed, Instant.now()));
    assertEquals(ReasonCode.AUDIT_TAMPERED, e.reason());
    assertTrue(e.getMessage().contains("origin is gw-test but the gateway's note key is gw-test.mlagw/audit"),
        e.getMessage());
  }

  /** An insider with the seal but not the note key: the CMS verifies, the note does not. */
  @Test
  void aNoteAlteredAndResignedWithTheSealButNotTheNoteKeyIsRefused() throws Exception {
    AuditFixture f = new AuditFixture();
    f.append(4);
    String note = new String(f.log.checkpoint().note(), StandardCharsets.UTF_8);
    byte[] altered = note.replaceFirst("\n4\n", "\n3\n").getBytes(StandardCharsets.UTF_8);
    byte[] resigned = new DetachedSigner(AuditFixture.SEAL).signEncapsulating(altered,
        Checkpoint.parse(altered).time());
    GatewayException e = assertThrows(GatewayException.class,
        () -> AuditFixture.verifier().verify(resigned, Instant.now()));
    assertEquals(ReasonCode.AUDIT_TAMPERED, e.reason());
    assertTrue(e.getMessage().contains("carries no valid signature of the note key gw-test.mlagw/audit+"), e.getMessage());

    NoteSigner stranger = NoteSigner.generate(ORIGIN, new java.security.SecureRandom());
    byte[] byStranger = new CheckpointSigner(new DetachedSigner(AuditFixture.SEAL), stranger)
        .sign(Checkpoint.parse(altered));
    assertThrows(GatewayException.class, () -> AuditFixture.verifier().verify(byStranger, Instant.now()));
  }

  @Test
  void theSignerSignsOnlyItsOwnOriginAndTheLogNeedsTheMatchingKey() {
    Checkpoint other = new Checkpoint("gw-other.mlagw/audit", 0, MerkleHashes.emptyRoot(), Instant.now());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditFixture.signer().sign(other));
    assertTrue(e.getMessage().contains("signs only checkpoints of that origin"), e.getMessage());
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new AuditLog(
        new ListAuditStore("gw-other"), AuditFixture.signer(), AuditFixture.verifier(), "gw-other",
        java.time.Clock.systemUTC()));
    assertTrue(wrong.getMessage().contains("must be named gw-other.mlagw/audit"), wrong.getMessage());
  }

  @Test
  void parseAcceptsTheBodyAloneOrAsANoteAndNothingElse() throws Exception {
    Checkpoint c = new Checkpoint(ORIGIN, 5, new byte[32], Instant.parse("2026-11-28T10:00:00Z"));
    byte[] note = TestNoteKeys.of(AuditFixture.GATEWAY).sign(c.body());
    assertEquals(c, Checkpoint.parse(c.body()));
    assertEquals(c, Checkpoint.parse(note));
    String n = new String(note, StandardCharsets.UTF_8);
    for (String bad : List.of(n.replace("\n\n", "\nextra\n\n"), n.replace("\u2014 ", "- "),
        n.substring(0, n.length() - 1), n.replace("\n\n", "\n\n\n"))) {
      assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
  }

  private static byte[] legacy(AuditFixture f, long size) throws GatewayException {
    Checkpoint c = new Checkpoint(AuditFixture.GATEWAY, size, root(f, size), f.clock.instant());
    return new DetachedSigner(AuditFixture.SEAL).signEncapsulating(c.body(), c.time());
  }

  private static byte[] root(AuditFixture f, long size) {
    CompactRange r = new CompactRange();
    f.store.read(0, size).forEach(e -> r.appendLeaf(AuditEventCodec.encode(e)));
    return r.root();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
