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
import java.util.Map;
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

    String readme = Files.readString(out.resolve("README.txt"));
    Files.writeString(out.resolve("check.py"), readme.substring(readme.indexOf("import base64")));
    String printed = python(out);
    assertEquals(8, printed.lines().filter(l -> l.endsWith(" INCLUDED") && !l.endsWith("NOT INCLUDED")).count(), printed);
    assertTrue(printed.startsWith("0 SUBMISSION_CLAIMED "), printed);

    AuditEvent e = AuditEventCodec.decode(Files.readAllBytes(out.resolve(ProofBundle.eventFile(9))));
    Files.write(out.resolve(ProofBundle.eventFile(9)), AuditEventCodec.encode(AuditLogTamperCorpusTest.edited(e)));
    String tampered = python(out);
    assertTrue(tampered.lines().anyMatch(l -> l.startsWith("9 ") && l.endsWith("NOT INCLUDED")), tampered);
  }

  private static String python(Path dir) throws Exception {
    Process p = new ProcessBuilder("python3", "check.py").directory(dir.toFile()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
