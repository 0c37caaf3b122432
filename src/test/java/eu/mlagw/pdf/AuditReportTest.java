package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.AuditQuery;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.ListAuditStore;
import eu.mlagw.audit.VerifiedCheckpoint;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.OpenSsl;
import eu.mlagw.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed PDF audit report: its signature verifies with our verifier and with OpenSSL over
 * exactly the byte ranges the PDF declares, one changed byte breaks it, and its text holds the
 * events, Cyrillic and accents included, over many numbered pages.
 */
class AuditReportTest {
  static final String GATEWAY = "gw-al";
  static final TestPki PKI = new TestPki("Report");
  static final Credential SEAL = PKI.gatewaySeal(GATEWAY, KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(30)),
      TestPki.NOW.plus(Duration.ofDays(365)));
  static final int EVENTS = 3000;
  @TempDir static Path dir;
  static byte[] pdf;
  static long listed;
  static VerifiedCheckpoint checkpoint;

  @BeforeAll
  static void report() throws Exception {
    ListAuditStore store = new ListAuditStore(GATEWAY);
    DetachedSigner signer = new DetachedSigner(SEAL);
    AuditLog log = new AuditLog(store, new CheckpointSigner(signer, eu.mlagw.testing.TestNoteKeys.of(GATEWAY)),
        new CheckpointVerifier(PKI.trustPolicy(), List.of(SEAL.certificate()), eu.mlagw.testing.TestNoteKeys.of(GATEWAY).verifierKey()), GATEWAY, Clock.systemUTC());
    for (int i = 0; i < EVENTS; i++) {
      log.append(AuditRecord.of(i % 7 == 6 ? AuditEventType.EXCHANGE_FAILED : AuditEventType.PACKAGE_DELIVERED,
              "EX-" + (i % 2 == 0 ? "EVEN" : "ODD"))
          .withParties("AL-PG-TIRANA", "RS-HC-BELGRADE").withCaseReferences(List.of("PG-" + i))
          .withReason(i % 7 == 6 ? ReasonCode.PEER_UNREACHABLE : null)
          .withPersons(List.of("Đorđe Ćosić", "Ђорђе Ћосић"))
          .withDetails(Map.of("n", String.valueOf(i), "digest", "a".repeat(64))));
    }
    checkpoint = log.checkpoint();
    AuditQuery query = new AuditQuery("EX-EVEN", null, null, null, null, null, null, null);
    AuditReportWriter.Header header = new AuditReportWriter.Header(GATEWAY, query.summary(), "Ana Auditor",
        "court order 12/2026", Instant.now(), checkpoint.checkpoint());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long started = System.nanoTime();
    listed = new AuditReportWriter(signer, dir).write(header,
        sink -> query.run(store, checkpoint.checkpoint().size(), sink), out);
    long millis = (System.nanoTime() - started) / 1_000_000;
    pdf = out.toByteArray();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      System.out.printf("audit report: %d events, %d pages, %d bytes, %d ms%n", listed, doc.getNumberOfPages(),
          pdf.length, millis);
    }
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "the unsigned draft is deleted");
    }
  }

  /** The signature's DER bytes (without the zero padding) and the signed bytes, as PDFBox reads them. */
  record Signed(byte[] signature, byte[] content, int[] byteRange) {}

  static Signed extract(byte[] file) throws Exception {
    try (PDDocument doc = Loader.loadPDF(file)) {
      List<PDSignature> signatures = doc.getSignatureDictionaries();
      assertEquals(1, signatures.size());
      PDSignature s = signatures.get(0);
      assertEquals("ETSI.CAdES.detached", s.getSubFilter());
      byte[] contents = s.getContents();
      return new Signed(Arrays.copyOf(contents, derLength(contents)), s.getSignedContent(file), s.getByteRange());
    }
  }

  static int derLength(byte[] der) {
    int first = der[1] & 0xff;
    if (first < 0x80) {
      return 2 + first;
    }
    int n = first & 0x7f;
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[2 + i] & 0xff);
    }
    return 2 + n + len;
  }

  @Test
  void theSignatureCoversTheWholeFileAndVerifies() throws Exception {
    Signed s = extract(pdf);
    int[] br = s.byteRange();
    assertEquals(0, br[0]);
    assertEquals(pdf.length, br[2] + br[3], "the signed ranges reach the end of the file");
    assertEquals(pdf.length - (br[2] - br[1]), s.content().length, "all bytes but the signature value are signed");
    // the CMS carries no signing-time (PAdES), which DetachedSignatureVerifier requires of package seals:
    // the signature itself is checked by OpenSSL below and by DSS in PadesDssValidationTest
  }

  @Test
  void openSslVerifiesTheSignatureIndependently() throws Exception {
    Signed s = extract(pdf);
    Files.write(dir.resolve("sig.der"), s.signature());
    Files.write(dir.resolve("signed.bin"), s.content());
    Files.writeString(dir.resolve("root.pem"), KeyStoreFiles.pem(PKI.rootCertificate()));
    String out = OpenSsl.ok(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der", "-content",
        "signed.bin", "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null");
    assertTrue(out.contains("Verification successful"), out);
  }

  /** The shell recipe of docs/auditors.md (also run as written by ShellRecipesTest): ByteRange by grep, bytes by head/tail/dd, hex by xxd, then openssl. */
  @Test
  void theManualsShellRecipeVerifiesTheReport() throws Exception {
    Files.write(dir.resolve("report.pdf"), pdf);
    Files.writeString(dir.resolve("root-ca.pem"), KeyStoreFiles.pem(PKI.rootCertificate()));
    String script = String.join("\n",
        "set -e",
        "read a b c d <<< \"$(grep -a -o '/ByteRange *\\[[0-9 ]*\\]' report.pdf | tail -1 | tr -dc '0-9 ')\"",
        "{ head -c $b report.pdf; tail -c +$((c+1)) report.pdf | head -c $d; } > signed.bin",
        "dd if=report.pdf bs=1 skip=$((b+1)) count=$((c-b-2)) 2>/dev/null | xxd -r -p > sig.p7s",
        "openssl cms -verify -binary -inform DER -in sig.p7s -content signed.bin -CAfile root-ca.pem -purpose any -out /dev/null");
    Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("Verification successful"), out);
  }

  @Test
  void oneChangedByteInTheSignedRangeBreaksTheSignature() throws Exception {
    Signed original = extract(pdf);
    byte[] tampered = pdf.clone();
    int at = original.byteRange()[1] / 2; // inside the first signed range (page content or objects)
    tampered[at] ^= 0x01;
    Signed s = extract(tampered);
    assertNotEquals(Arrays.hashCode(original.content()), Arrays.hashCode(s.content()));
    GatewayException e = assertThrows(GatewayException.class,
        () -> new DetachedSignatureVerifier(PKI.trustPolicy()).verify(s.signature(), s.content(), Instant.now()));
    assertEquals(ReasonCode.SIGNATURE_INVALID, e.reason());
    Files.write(dir.resolve("sig2.der"), s.signature());
    Files.write(dir.resolve("tampered.bin"), s.content());
    Files.writeString(dir.resolve("root2.pem"), KeyStoreFiles.pem(PKI.rootCertificate()));
    OpenSsl.Result r = OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig2.der", "-content",
        "tampered.bin", "-CAfile", "root2.pem", "-purpose", "any", "-out", "/dev/null");
    assertNotEquals(0, r.exitCode(), r.output());
    assertArrayEquals(original.signature(), s.signature(), "only the signed content changed");
  }

  @Test
  void theTextHoldsTheHeaderAndEveryMatchingEventOnNumberedPages() throws Exception {
    assertEquals(EVENTS / 2, listed);
    String text;
    int pages;
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      pages = doc.getNumberOfPages();
      text = new PDFTextStripper().getText(doc);
    }
    assertTrue(pages > 10, "thousands of events span many pages: " + pages);
    assertTrue(text.contains("Audit report — gateway gw-al"), text.substring(0, 300));
    assertTrue(text.contains("exchange=EX-EVEN"));
    assertTrue(text.contains("Ana Auditor — court order 12/2026"));
    assertTrue(text.contains("tree size " + EVENTS));
    assertTrue(text.contains(eu.mlagw.audit.MerkleHashes.hex(checkpoint.checkpoint().rootHash())));
    assertTrue(text.contains("page 1 of " + pages) && text.contains("page " + pages + " of " + pages));
    assertTrue(text.contains("Đorđe Ćosić") && text.contains("Ђорђе Ћосић"), "accents and Cyrillic are text");
    assertTrue(text.contains("PEER_UNREACHABLE"));
    assertTrue(text.contains("AL-PG-TIRANA → RS-HC-BELGRADE"));
    for (int i = 0; i < EVENTS; i += 2) {
      assertTrue(text.contains("cases PG-" + i + ";"), "event " + i + " is listed");
    }
    assertTrue(!text.contains("cases PG-1;") && !text.contains("cases PG-2999;"), "odd exchange not listed");
  }
}
