package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles of format 2 with a consistency proof from a checkpoint the auditor holds; format 1 bundles still verify. */
class ConsistencyBundleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void aBundleSinceAHeldCheckpointProvesTheLogExtendsIt() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(13, 13);
    Checkpoint held = Checkpoint.parse(f.log.checkpoint().note());
    f.appendWithCheckpoints(20, 5);
    Path bundle = dir.resolve("b.zip");
    new ProofBundleWriter(f.store).write("EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), Optional.of(held), bundle);
    BundleVerification v = new ProofBundleVerifier().verify(bundle, Optional.empty(), Optional.empty(), Optional.of(held));
    assertTrue(v.result().ok(), v.result().summary());
    assertEquals(13, v.consistentWith().size());
    assertArrayEquals(held.rootHash(), v.consistentWith().rootHash());
    assertEquals(AuditFixture.verifier().noteKey(), v.noteKey());
    assertTrue(new ProofBundleVerifier().verify(bundle, Optional.empty()).result().ok(), "without the held copy too");

    Checkpoint other = new Checkpoint(held.origin(), 12, held.rootHash(), held.time());
    BundleVerification wrongHeld = new ProofBundleVerifier().verify(bundle, Optional.empty(), Optional.empty(),
        Optional.of(other));
    assertEquals(AuditFailure.PROOF_INVALID, wrongHeld.result().failure());
    assertTrue(wrongHeld.result().message().contains("not from the checkpoint you hold (size 12"),
        wrongHeld.result().message());
  }

  @Test
  void aTamperedConsistencyProofIsNamed() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(6, 6);
    Checkpoint held = Checkpoint.parse(f.log.checkpoint().note());
    f.appendWithCheckpoints(11, 11);
    Path bundle = dir.resolve("b.zip");
    new ProofBundleWriter(f.store).write("EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), Optional.of(held), bundle);
    Map<String, byte[]> files = ProofBundleTamperCorpusTest.unzip(bundle);

    ObjectNode c = (ObjectNode) JSON.readTree(files.get(ProofBundle.CONSISTENCY));
    ((ArrayNode) c.get("proof")).set(0, JSON.getNodeFactory().textNode("00".repeat(32)));
    files.put(ProofBundle.CONSISTENCY, JSON.writeValueAsBytes(c));
    BundleVerification v = new ProofBundleVerifier().verify(zip("altered-proof", files), Optional.empty());
    assertEquals(AuditFailure.PROOF_INVALID, v.result().failure(), v.result().summary());
    assertTrue(v.result().message().contains("does not extend the checkpoint of size 6"), v.result().message());

    files.remove(ProofBundle.CONSISTENCY);
    BundleVerification none = new ProofBundleVerifier().verify(zip("no-proof", files), Optional.empty(),
        Optional.empty(), Optional.of(held));
    assertEquals(AuditFailure.PROOF_INVALID, none.result().failure());
    assertTrue(none.result().message().contains("carries no consistency proof"), none.result().message());
  }

  @Test
  void theGatewayRefusesAProofFromACheckpointItsLogDoesNotContain() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(8, 8);
    Checkpoint held = f.log.checkpoint().checkpoint();
    Checkpoint forked = new Checkpoint(held.origin(), held.size(), MerkleHashes.emptyRoot(), held.time());
    GatewayException e = assertThrows(GatewayException.class, () -> new ProofBundleWriter(f.store).write("EX-A",
        f.log.checkpoint(), AuditFixture.TRUST.crls(), Optional.of(forked), dir.resolve("x.zip")));
    assertEquals(ReasonCode.AUDIT_TAMPERED, e.reason());
    assertTrue(e.getMessage().contains("is not this log's state at that size"), e.getMessage());
    Checkpoint ahead = new Checkpoint(held.origin(), 99, held.rootHash(), held.time());
    GatewayException rolledBack = assertThrows(GatewayException.class, () -> new ProofBundleWriter(f.store).write(
        "EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), Optional.of(ahead), dir.resolve("y.zip")));
    assertTrue(rolledBack.getMessage().contains("the log was rolled back"), rolledBack.getMessage());
    assertFalse(Files.exists(dir.resolve("x.zip")));
  }

  /** A bundle written by the first release (format 1, legacy checkpoint, no note key) is kept as a file. */
  @Test
  void aFormat1BundleStillVerifies() throws Exception {
    Path old = Path.of("src/test/resources/eu/mlagw/audit/ProofBundleVerifierFuzzTestInputs/verify/seed-genuine-bundle.zip");
    BundleVerification v = new ProofBundleVerifier().verify(old, Optional.empty());
    assertTrue(v.result().ok(), v.result().summary());
    assertEquals("gw-test", v.checkpoint().origin());
    assertNull(v.noteKey());
    Map<String, byte[]> files = ProofBundleTamperCorpusTest.unzip(old);
    files.put(ProofBundle.NOTE_KEY, (AuditFixture.verifier().noteKey() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    BundleVerification added = new ProofBundleVerifier().verify(zip("format1-with-note-key", files), Optional.empty());
    assertEquals(AuditFailure.BUNDLE_MALFORMED, added.result().failure());
  }

  private Path zip(String name, Map<String, byte[]> files) throws Exception {
    Path p = dir.resolve(name + ".zip");
    try (OutputStream os = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return p;
  }
}
