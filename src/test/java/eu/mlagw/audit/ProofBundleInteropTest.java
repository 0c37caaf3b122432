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
      assertTrue(genuine.out().startsWith("0 SUBMISSION_CLAIMED "), genuine.out());
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

  @Test
  void theReadmesPythonUsesNoAssert() throws Exception {
    AuditFixture f = new AuditFixture();
    f.appendWithCheckpoints(3, 3);
    Path bundle = dir.resolve("bundle.zip");
    new ProofBundleWriter(f.store).write("EX-A", f.log.checkpoint(), AuditFixture.TRUST.crls(), bundle);
    String program = checkPy(ProofBundleTamperCorpusTest.unzip(bundle));
    assertTrue(program.contains("sys.exit(1 if failed else 0)"), program);
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

  private static Run python(Path dir, String optimize) throws Exception {
    List<String> command = optimize.isEmpty() ? List.of("python3", "check.py") : List.of("python3", optimize, "check.py");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }
}
