package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.testing.OpenSsl;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle checked only with other tools, exactly as its README.txt tells a court's expert: the
 * real openssl for the signature and chain, and the README's Python 3 program (run by the real
 * python3, installed by .ci/run) for the inclusion proofs, including on a tampered event.
 */
class ProofBundleInteropTest {
  @TempDir Path dir;

  @Test
  void openSslAndTheReadmesPythonCheckABundle() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(23, 7);
    Path bundle = dir.resolve("bundle.zip");
    new ProofBundleWriter(f.store).write("EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), bundle);
    Path out = Files.createDirectories(dir.resolve("b"));
    for (Map.Entry<String, byte[]> e : ProofBundleTamperCorpusTest.unzip(bundle).entrySet()) {
      Path p = out.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    Files.writeString(out.resolve("root.pem"), KeyStoreFiles.pem(AuditFixture.PKI.rootCertificate()));
    String fp = OpenSsl.ok(out, "x509", "-in", "root.pem", "-noout", "-fingerprint", "-sha256");
    assertTrue(fp.contains(ProofBundleVerifier.fingerprint(AuditFixture.PKI.rootCertificate())), fp);
    OpenSsl.ok(out, "cms", "-verify", "-inform", "DER", "-in", "checkpoint.p7s", "-CAfile", "root.pem",
        "-out", "signed.txt");
    assertArrayEquals(Files.readAllBytes(out.resolve("checkpoint.txt")), Files.readAllBytes(out.resolve("signed.txt")));

    Files.writeString(out.resolve("check.py"), checkPy(out));
    for (String optimize : List.of("", "-O")) {
      Run genuine = python(out, optimize);
      assertEquals(0, genuine.exit(), genuine.out());
      assertEquals(8, genuine.out().lines().filter(l -> l.endsWith(" INCLUDED") && !l.endsWith("NOT INCLUDED")).count(),
          genuine.out());
      assertTrue(genuine.out().startsWith("note signature: valid, key gw-test.mlagw/audit\n0 SUBMISSION_CLAIMED "),
          genuine.out());
      assertTrue(genuine.out().strip().endsWith("OK: all 8 events included in the checkpoint"), genuine.out());
    }

    byte[] original = Files.readAllBytes(out.resolve(ProofBundle.eventFile(9)));
    AuditEvent e = AuditEventCodec.decode(original);
    Files.write(out.resolve(ProofBundle.eventFile(9)), AuditEventCodec.encode(AuditLogTamperCorpusTest.edited(e)));
    for (String optimize : List.of("", "-O")) {
      Run tampered = python(out, optimize);
      assertEquals(1, tampered.exit(), tampered.out());
      assertTrue(tampered.out().lines().anyMatch(l -> l.startsWith("9 ") && l.endsWith("NOT INCLUDED")), tampered.out());
      assertTrue(tampered.out().strip().endsWith("FAILED: 1 of 8 events not included"), tampered.out());
    }
  }

  /** Every way a bundle can be wrong makes the README's program exit 1, with or without python3 -O. */
  @Test
  void theReadmesPythonExitsOneOnAnyFailure() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(23, 7);
    Path bundle = dir.resolve("bundle.zip");
    new ProofBundleWriter(f.store).write("EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), bundle);
    Map<String, byte[]> genuine = ProofBundleTamperCorpusTest.unzip(bundle);
    String proof9 = new String(genuine.get(ProofBundle.proofFile(9)), StandardCharsets.UTF_8);
    String path9 = proof9.substring(proof9.indexOf('[') + 1, proof9.indexOf(']')).strip();
    Map<String, java.util.function.UnaryOperator<Map<String, byte[]>>> attacks = new TreeMap<>(Map.of(
        "missing-proof", m -> without(m, ProofBundle.proofFile(9)),
        "missing-event", m -> without(m, ProofBundle.eventFile(9)),
        "audit-path-too-long", m -> with(m, ProofBundle.proofFile(9), proof9.replace("[", "[" + path9.split(",")[0] + ",")),
        "truncated-audit-path", m -> with(m, ProofBundle.proofFile(9), proof9.replace(path9, path9.split(",")[0])),
        "wrong-root", m -> with(m, ProofBundle.CHECKPOINT_TEXT, new String(m.get(ProofBundle.CHECKPOINT_TEXT),
            StandardCharsets.UTF_8).replaceFirst("\n[A-Za-z0-9+/]{43}=\n", "\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")),
        "manifest-lists-no-event", m -> with(m, ProofBundle.MANIFEST, new String(m.get(ProofBundle.MANIFEST),
            StandardCharsets.UTF_8).replaceAll("(?s)\"events\" : \\[.*?\\]", "\"events\" : []")),
        "proof-not-json", m -> with(m, ProofBundle.proofFile(9), "{"),
        "missing-checkpoint", m -> without(m, ProofBundle.CHECKPOINT_TEXT)));
    String program = checkPy(genuine);
    for (var attack : attacks.entrySet()) {
      Path out = Files.createDirectories(dir.resolve(attack.getKey()));
      write(out, attack.getValue().apply(new TreeMap<>(genuine)));
      Files.writeString(out.resolve("check.py"), program);
      for (String optimize : List.of("", "-O")) {
        Run run = python(out, optimize);
        assertEquals(1, run.exit(), attack.getKey() + " " + optimize + ":\n" + run.out());
        assertTrue(run.out().contains("FAILED"), attack.getKey() + ":\n" + run.out());
      }
    }
  }

  /**
   * The note and the consistency proof checked only with other tools: the README's OpenSSL recipe
   * (step 2, run by bash as written) and its Python program (step 3) with a held checkpoint; each
   * fails on its own kind of tampering.
   */
  @Test
  void openSslAndTheReadmesPythonCheckTheNoteAndTheConsistencyProof() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(10, 10);
    byte[] held = f.log.checkpoint().note();
    f.appendWithCheckpoints(17, 6);
    Path bundle = dir.resolve("bundle.zip");
    new ProofBundleWriter(f.store).write("EX-B", f.log.checkpoint(), AuditFixture.TRUST.crls(),
        java.util.Optional.of(Checkpoint.parse(held)), bundle);
    Map<String, byte[]> genuine = ProofBundleTamperCorpusTest.unzip(bundle);
    Path out = Files.createDirectories(dir.resolve("genuine"));
    write(out, genuine);
    Files.write(out.resolve("held.txt"), held);
    Files.writeString(out.resolve("check.py"), checkPy(out));
    Files.writeString(out.resolve("note.sh"), openSslNoteRecipe(genuine));

    Run openssl = run(out, "bash", "-e", "note.sh");
    assertEquals(0, openssl.exit(), openssl.out());
    assertTrue(openssl.out().contains("Signature Verified Successfully"), openssl.out());
    for (String optimize : List.of("", "-O")) {
      Run ok = python(out, optimize, "--since", "held.txt");
      assertEquals(0, ok.exit(), ok.out());
      assertTrue(ok.out().contains("consistency from size 10 root "), ok.out());
      assertTrue(ok.out().contains(" CONSISTENT\n"), ok.out());
      assertTrue(ok.out().strip().endsWith("OK: all 9 events included in the checkpoint"), ok.out());
    }

    String note = new String(genuine.get(ProofBundle.CHECKPOINT_TEXT), StandardCharsets.UTF_8);
    String consistency = new String(genuine.get(ProofBundle.CONSISTENCY), StandardCharsets.UTF_8);
    String proofPart = consistency.substring(consistency.indexOf("\"proof\""));
    String firstHash = proofPart.substring(proofPart.indexOf('"', 9) + 1, proofPart.indexOf('"', 9) + 65);
    Checkpoint other = Checkpoint.parse(held);
    Map<String, java.util.function.UnaryOperator<Map<String, byte[]>>> attacks = new TreeMap<>(Map.of(
        "note-time-edited", m -> with(m, ProofBundle.CHECKPOINT_TEXT, note.replaceFirst("time (\\d{4})", "time 1$1")),
        "note-signature-removed", m -> with(m, ProofBundle.CHECKPOINT_TEXT, note.substring(0, note.indexOf("\n\n") + 1)),
        "note-key-of-another-gateway", m -> with(m, ProofBundle.NOTE_KEY,
            eu.mlagw.testing.TestNoteKeys.of("gw-other").verifierKey().toString()),
        "consistency-proof-altered", m -> with(m, ProofBundle.CONSISTENCY,
            consistency.replace(firstHash, "00".repeat(32))),
        "held-checkpoint-of-a-fork", m -> with(m, "held.txt", new String(new Checkpoint(other.origin(), other.size(),
            MerkleHashes.emptyRoot(), other.time()).body(), StandardCharsets.UTF_8))));
    for (var attack : attacks.entrySet()) {
      Path copy = Files.createDirectories(dir.resolve(attack.getKey()));
      Map<String, byte[]> files = new TreeMap<>(genuine);
      files.put("held.txt", held);
      write(copy, attack.getValue().apply(files));
      Files.writeString(copy.resolve("check.py"), checkPy(out));
      for (String optimize : List.of("", "-O")) {
        Run run = python(copy, optimize, "--since", "held.txt");
        assertEquals(1, run.exit(), attack.getKey() + " " + optimize + ":\n" + run.out());
        assertTrue(run.out().contains("FAILED"), attack.getKey() + ":\n" + run.out());
      }
      if (attack.getKey().startsWith("note-")) {
        Files.writeString(copy.resolve("note.sh"), openSslNoteRecipe(genuine));
        assertTrue(run(copy, "bash", "-e", "note.sh").exit() != 0, attack.getKey() + ": openssl must refuse");
      }
    }
  }

  /** The format 1 bundle of the first release passes the new program (no note to check). */
  @Test
  void theReadmesPythonStillChecksAFormat1Bundle() throws Exception {
    Path old = Path.of("src/test/resources/eu/mlagw/audit/ProofBundleVerifierFuzzTestInputs/verify/seed-genuine-bundle.zip");
    Path out = Files.createDirectories(dir.resolve("format1"));
    write(out, ProofBundleTamperCorpusTest.unzip(old));
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(3, 3);
    Path bundle = dir.resolve("bundle.zip");
    new ProofBundleWriter(f.store).write("EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), bundle);
    Files.writeString(out.resolve("check.py"), checkPy(ProofBundleTamperCorpusTest.unzip(bundle)));
    Run run = python(out, "");
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().startsWith("note signature: none in format 1"), run.out());
  }

  /** The README's step 2, as written: the lines after "2. Check the Ed25519" up to step 3. */
  private static String openSslNoteRecipe(Map<String, byte[]> bundle) {
    String readme = new String(bundle.get(ProofBundle.README), StandardCharsets.UTF_8);
    String step = readme.substring(readme.indexOf("2. Check the Ed25519"), readme.indexOf("3. Recompute"));
    return step.lines().filter(l -> l.startsWith("     ")).map(String::strip)
        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
  }

  @Test
  void theReadmesPythonUsesNoAssert() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(3, 3);
    Path bundle = dir.resolve("bundle.zip");
    new ProofBundleWriter(f.store).write("EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), bundle);
    String program = checkPy(ProofBundleTamperCorpusTest.unzip(bundle));
    assertTrue(program.contains("sys.exit(1 if failed or inconsistent else 0)"), program);
    assertEquals(List.of(), program.lines().filter(l -> l.strip().startsWith("assert")).toList(),
        "python3 -O removes assert statements");
  }

  private static Map<String, byte[]> without(Map<String, byte[]> m, String name) {
    m.remove(name);
    return m;
  }

  private static Map<String, byte[]> with(Map<String, byte[]> m, String name, String content) {
    m.put(name, content.getBytes(StandardCharsets.UTF_8));
    return m;
  }

  private static void write(Path out, Map<String, byte[]> files) throws Exception {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = out.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
  }

  private static String checkPy(Path unzipped) throws Exception {
    String readme = Files.readString(unzipped.resolve("README.txt"));
    return readme.substring(readme.indexOf("import base64"));
  }

  private static String checkPy(Map<String, byte[]> bundle) {
    String readme = new String(bundle.get(ProofBundle.README), StandardCharsets.UTF_8);
    return readme.substring(readme.indexOf("import base64"));
  }

  record Run(int exit, String out) {}

  private static Run python(Path dir, String optimize, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("python3"));
    if (!optimize.isEmpty()) {
      command.add(optimize);
    }
    command.add("check.py");
    command.addAll(List.of(args));
    return run(dir, command.toArray(String[]::new));
  }

  private static Run run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }
}
