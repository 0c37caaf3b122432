package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.MetadataFixtures;
import eu.mlagw.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.verapdf.core.ValidationException;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * The cover sheet, the receipt and the signed audit report are PDF/A-3b as veraPDF (the PDF
 * Association's reference validator, no code of ours) judges them; and a document without our
 * PDF/A metadata is not, so the check can fail.
 */
class PdfATest {
  private static final PDFAFlavour PDFA_3B = PDFAFlavour.PDFA_3_B;
  @TempDir static Path dir;

  @BeforeAll
  static void veraPdf() {
    VeraGreenfieldFoundryProvider.initialise();
  }

  /** veraPDF's failed rules ("6.2.11.4.1: …"), empty when compliant. */
  static String failures(byte[] pdf) throws Exception {
    return failures(pdf, null);
  }

  /** Same; also keeps the file as target/pdfa-samples/{name}.pdf for a look (e.g. pdftoppm). */
  static String failures(byte[] pdf, String name) throws Exception {
    if (name != null) {
      Path samples = Path.of("target", "pdfa-samples");
      java.nio.file.Files.createDirectories(samples);
      java.nio.file.Files.write(samples.resolve(name + ".pdf"), pdf);
    }
    try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf), PDFA_3B);
        PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFA_3B, false)) {
      ValidationResult result = validator.validate(parser);
      if (result.isCompliant()) {
        return "";
      }
      return result.getTestAssertions().stream().filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
          .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage())
          .distinct().collect(Collectors.joining("\n"));
    } catch (ValidationException e) {
      throw new AssertionError("veraPDF cannot validate: " + e.getMessage(), e);
    }
  }

  @Test
  void coverSheetIsPdfA3b() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CoverSheetWriter(MetadataFixtures.mappings()).write(MetadataFixtures.fullRequest(), "sr-Cyrl", out);
    assertEquals("", failures(out.toByteArray(), "cover-sheet"));
  }

  @Test
  void signedReceiptIsPdfA3b() throws Exception {
    byte[] pdf = PadesReceipts.signedReceipt(PadesReceipts.testSeal());
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertEquals(1, doc.getSignatureDictionaries().size(), "signed");
    }
    assertEquals("", failures(pdf, "receipt"));
  }

  @Test
  void signedAuditReportIsPdfA3b() throws Exception {
    TestPki pki = new TestPki("PdfA");
    Credential seal = pki.gatewaySeal("gw-al", KeyKind.EC_P256, TestPki.NOW.minus(Duration.ofDays(30)),
        TestPki.NOW.plus(Duration.ofDays(365)));
    ListAuditStore store = new ListAuditStore("gw-al");
    DetachedSigner signer = new DetachedSigner(seal);
    AuditLog log = new AuditLog(store, new CheckpointSigner(signer, eu.mlagw.testing.TestNoteKeys.of("gw-al")),
        new CheckpointVerifier(pki.trustPolicy(), List.of(seal.certificate()), eu.mlagw.testing.TestNoteKeys.of("gw-al").verifierKey()), "gw-al", Clock.systemUTC());
    for (int i = 0; i < 20; i++) {
      log.append(AuditRecord.of(AuditEventType.EXCHANGE_FAILED, "EX-1").withParties("AL-PG-TIRANA", "RS-HC-BELGRADE")
          .withReason(ReasonCode.PEER_UNREACHABLE).withPersons(List.of("Ђорђе Ћосић"))
          .withDetails(Map.of("n", String.valueOf(i))));
    }
    VerifiedCheckpoint checkpoint = log.checkpoint();
    AuditQuery query = new AuditQuery("EX-1", null, null, null, null, null, null, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AuditReportWriter(signer, dir).write(new AuditReportWriter.Header("gw-al", query.summary(), "Ana Auditor",
        "court order 12/2026", Instant.now(), checkpoint.checkpoint()),
        sink -> query.run(store, checkpoint.checkpoint().size(), sink), out);
    byte[] pdf = out.toByteArray();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertEquals(1, doc.getSignatureDictionaries().size(), "signed");
    }
    assertEquals("", failures(pdf, "audit-report"));
  }

  @Test
  void aPdfWithoutOurMetadataFails() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
      doc.save(out);
    }
    String failures = failures(out.toByteArray());
    assertTrue(failures.contains("6.6.2.1"), "no XMP metadata is a failure:\n" + failures);
  }
}
