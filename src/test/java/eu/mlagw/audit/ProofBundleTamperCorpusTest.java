package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof bundles: a genuine one verifies offline; one fixture per attack on a bundle of exchange
 * EX-B (events 1, 4, 7, ..., 37 of a 40-event log, checkpoint at 40), each with its exact failure and
 * first bad sequence number.
 */
class ProofBundleTamperCorpusTest {
  @TempDir static Path dir;
  static Path genuine;
  static Map<String, byte[]> files;
  static AuditFixture fixture;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void makeBundle() throws Exception {
    fixture = new AuditFixture();
    fixture.appendWithCheckpoints(40, 10);
    genuine = dir.resolve("EX-B.zip");
    VerifiedCheckpoint c = fixture.log.checkpoint();
    ProofBundleWriter.Written w = new ProofBundleWriter(fixture.store).write("EX-B", c, AuditFixture.TRUST.crls(), genuine);
    assertEquals(13, w.sequences().size());
    assertEquals(1L, w.sequences().get(0));
    files = unzip(genuine);
  }

  static Map<String, byte[]> unzip(Path zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        out.put(e.getName(), z.readAllBytes());
      }
    }
    return out;
  }

  static Path zip(String name, Map<String, byte[]> content) throws IOException {
    Path p = dir.resolve(name + ".zip");
    try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : content.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return p;
  }

  static ObjectNode proof(Map<String, byte[]> f, long seq) throws IOException {
    return (ObjectNode) JSON.readTree(f.get(ProofBundle.proofFile(seq)));
  }

  interface Attack {
    void apply(Map<String, byte[]> f) throws Exception;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        Arguments.of("wrong-root", (Attack) f -> {
          ObjectNode p = proof(f, 7);
          ArrayNode path = (ArrayNode) p.get("auditPath");
          path.set(path.size() - 1, JSON.getNodeFactory().textNode("00".repeat(32)));
          f.put(ProofBundle.proofFile(7), JSON.writeValueAsBytes(p));
        }, AuditFailure.PROOF_INVALID, 7, "does not lead to the signed root"),
        Arguments.of("truncated-proof", (Attack) f -> {
          ObjectNode p = proof(f, 4);
          ((ArrayNode) p.get("auditPath")).remove(((ArrayNode) p.get("auditPath")).size() - 1);
          f.put(ProofBundle.proofFile(4), JSON.writeValueAsBytes(p));
        }, AuditFailure.PROOF_INVALID, 4, "too short"),
        Arguments.of("swapped-event", (Attack) f -> {
          byte[] a = f.get(ProofBundle.eventFile(10));
          f.put(ProofBundle.eventFile(10), f.get(ProofBundle.eventFile(13)));
          f.put(ProofBundle.eventFile(13), a);
        }, AuditFailure.PROOF_INVALID, 10, "events were swapped"),
        Arguments.of("event-edited", (Attack) f -> {
          AuditEvent e = AuditEventCodec.decode(f.get(ProofBundle.eventFile(16)));
          f.put(ProofBundle.eventFile(16), AuditEventCodec.encode(AuditLogTamperCorpusTest.edited(e)));
        }, AuditFailure.PROOF_INVALID, 16, "does not lead to the signed root"),
        Arguments.of("event-from-other-exchange-added", (Attack) f -> {
          AuditEvent other = fixture.store.read(14, 15).get(0);
          f.put(ProofBundle.eventFile(14), AuditEventCodec.encode(other));
          List<byte[]> leaves = fixture.store.read(0, 40).stream().map(AuditEventCodec::encode).toList();
          LeafHashes l = new LeafHashes(40);
          leaves.forEach(b -> l.add(MerkleHashes.leafHash(b)));
          ObjectNode p = JSON.createObjectNode().put("leafIndex", 14).put("treeSize", 40)
              .put("leafHash", MerkleHashes.hex(l.get(14)));
          ArrayNode path = p.putArray("auditPath");
          new MerkleProofs(l).inclusion(14, 40).forEach(h -> path.add(MerkleHashes.hex(h)));
          f.put(ProofBundle.proofFile(14), JSON.writeValueAsBytes(p));
          ObjectNode m = (ObjectNode) JSON.readTree(f.get(ProofBundle.MANIFEST));
          ((ArrayNode) m.get("events")).add(14);
          f.put(ProofBundle.MANIFEST, JSON.writeValueAsBytes(m));
        }, AuditFailure.EVENT_NOT_OF_EXCHANGE, 14, "belongs to exchange 'EX-C'"),
        Arguments.of("event-added-without-manifest", (Attack) f ->
            f.put(ProofBundle.eventFile(2), AuditEventCodec.encode(fixture.store.read(2, 3).get(0))),
            AuditFailure.BUNDLE_MALFORMED, 2, "is not listed in manifest.json"),
        Arguments.of("bundle-checkpoint-forged", (Attack) f ->
            f.put(ProofBundle.CHECKPOINT_SIGNATURE, AuditLogTamperCorpusTest.forgedRoot(f.get(ProofBundle.CHECKPOINT_SIGNATURE))),
            AuditFailure.CHECKPOINT_INVALID, 1, "signature is invalid"),
        Arguments.of("checkpoint-text-edited", (Attack) f -> {
          String t = new String(f.get(ProofBundle.CHECKPOINT_TEXT), StandardCharsets.UTF_8);
          f.put(ProofBundle.CHECKPOINT_TEXT, t.replace("\n40\n", "\n41\n").getBytes(StandardCharsets.UTF_8));
        }, AuditFailure.BUNDLE_MALFORMED, 1, "checkpoint.txt differs from what checkpoint.p7s signs"),
        Arguments.of("note-key-of-another-gateway", (Attack) f -> f.put(ProofBundle.NOTE_KEY,
            eu.mlagw.testing.TestNoteKeys.of("gw-other").verifierKey().toString().getBytes(StandardCharsets.UTF_8)),
            AuditFailure.CHECKPOINT_INVALID, 1, "but the gateway's note key is gw-other.mlagw/audit"),
        Arguments.of("note-key-replaced-same-name", (Attack) f -> f.put(ProofBundle.NOTE_KEY,
            eu.mlagw.crypto.NoteSigner.generate(Checkpoint.originOf(AuditFixture.GATEWAY), new java.security.SecureRandom())
                .verifierKey().toString().getBytes(StandardCharsets.UTF_8)),
            AuditFailure.CHECKPOINT_INVALID, 1, "carries no valid signature of the note key"),
        Arguments.of("note-key-missing", (Attack) f -> f.remove(ProofBundle.NOTE_KEY),
            AuditFailure.CHECKPOINT_INVALID, 1, "no note key was given"),
        Arguments.of("note-key-garbled", (Attack) f -> f.put(ProofBundle.NOTE_KEY,
            "gw-test.mlagw/audit+00000000+AQ==".getBytes(StandardCharsets.UTF_8)),
            AuditFailure.BUNDLE_MALFORMED, 1, "the key part must be 0x01 (Ed25519) followed by 32 bytes"),
        Arguments.of("chain-without-root", (Attack) f -> {
          String chain = new String(f.get(ProofBundle.CHAIN), StandardCharsets.US_ASCII);
          f.put(ProofBundle.CHAIN, chain.substring(0, chain.lastIndexOf("-----BEGIN")).getBytes(StandardCharsets.US_ASCII));
        }, AuditFailure.CHECKPOINT_INVALID, 1, "does not end in a root CA"),
        Arguments.of("proof-missing", (Attack) f -> f.remove(ProofBundle.proofFile(22)),
            AuditFailure.BUNDLE_MALFORMED, 22, "proofs/000000000022.json is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void everyAttackOnABundleIsNamed(String name, Attack attack, AuditFailure failure, long firstBad, String says)
      throws Exception {
    Map<String, byte[]> copy = new LinkedHashMap<>(files);
    attack.apply(copy);
    BundleVerification v = new ProofBundleVerifier().verify(zip(name, copy), Optional.empty());
    VerificationResult r = v.result();
    assertFalse(r.ok(), name);
    assertEquals(failure, r.failure(), r.summary());
    assertEquals(firstBad, r.firstBadSequence(), r.summary());
    assertTrue(r.message().contains(says), r.message());
  }

  @Test
  void aGenuineBundleVerifiesOfflineAndShowsTheRootFingerprint() throws Exception {
    BundleVerification v = new ProofBundleVerifier().verify(genuine, Optional.empty());
    assertTrue(v.result().ok(), v.result().summary());
    assertEquals(13, v.events().size());
    assertEquals("EX-B", v.exchangeId());
    assertEquals(40, v.checkpoint().size());
    assertFalse(v.pinned());
    assertEquals(ProofBundleVerifier.fingerprint(AuditFixture.PKI.rootCertificate()), v.rootFingerprint());
    assertEquals("13 events of exchange EX-B are included in the log of gw-test.mlagw/audit of 40 events signed at "
        + v.checkpoint().time(), v.result().message());
    BundleVerification pinned = new ProofBundleVerifier().verify(genuine, Optional.of(AuditFixture.PKI.rootCertificate()));
    assertTrue(pinned.result().ok(), pinned.result().summary());
    assertTrue(pinned.pinned());
  }

  @Test
  void aBundleResignedByAnotherPkiPassesOnlyWithoutPinningAndShowsAnotherFingerprint() throws Exception {
    TestPki other = new TestPki("Forger");
    Credential forgerSeal = other.gatewaySeal(AuditFixture.GATEWAY, KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(3)),
        TestPki.NOW.plus(Duration.ofDays(30)));
    Map<String, byte[]> copy = new LinkedHashMap<>(files);
    Checkpoint c = Checkpoint.parse(copy.get(ProofBundle.CHECKPOINT_TEXT));
    copy.put(ProofBundle.CHECKPOINT_SIGNATURE, new CheckpointSigner(new DetachedSigner(forgerSeal), eu.mlagw.testing.TestNoteKeys.of(AuditFixture.GATEWAY)).sign(c));
    copy.put(ProofBundle.CHAIN, (eu.mlagw.crypto.KeyStoreFiles.pem(forgerSeal.certificate())
        + eu.mlagw.crypto.KeyStoreFiles.pem(other.issuingCertificate())
        + eu.mlagw.crypto.KeyStoreFiles.pem(other.rootCertificate())).getBytes(StandardCharsets.US_ASCII));
    StringBuilder crls = new StringBuilder();
    other.crls().forEach(crl -> crls.append(eu.mlagw.crypto.KeyStoreFiles.pem(crl)));
    copy.put(ProofBundle.CRLS, crls.toString().getBytes(StandardCharsets.US_ASCII));
    Path forged = zip("resigned-by-other-pki", copy);
    BundleVerification selfContained = new ProofBundleVerifier().verify(forged, Optional.empty());
    assertTrue(selfContained.result().ok(), "self-contained: the math holds, only the fingerprint tells");
    assertNotEquals(ProofBundleVerifier.fingerprint(AuditFixture.PKI.rootCertificate()), selfContained.rootFingerprint());
    BundleVerification pinned = new ProofBundleVerifier().verify(forged, Optional.of(AuditFixture.PKI.rootCertificate()));
    assertEquals(AuditFailure.CHECKPOINT_INVALID, pinned.result().failure());
    assertTrue(pinned.result().message().contains("CERT_UNTRUSTED"), pinned.result().message());
  }

  @Test
  void noBundleForAnUnknownExchangeOrOverAnExistingFile() throws Exception {
    VerifiedCheckpoint c = fixture.log.checkpoint();
    GatewayException unknown = assertThrows(GatewayException.class, () -> new ProofBundleWriter(fixture.store)
        .write("EX-NONE", c, List.of(), dir.resolve("none.zip")));
    assertEquals(ReasonCode.INPUT_INVALID, unknown.reason());
    GatewayException exists = assertThrows(GatewayException.class, () -> new ProofBundleWriter(fixture.store)
        .write("EX-B", c, List.of(), genuine));
    assertEquals(ReasonCode.OUTPUT_EXISTS, exists.reason());
  }
}
