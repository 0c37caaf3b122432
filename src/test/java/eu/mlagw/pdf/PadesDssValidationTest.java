package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource;
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
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.metadata.MetadataFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed receipt and the signed audit report, sealed with the sample gateway seal
 * (certs-sample/gateways/gw-al), are PAdES-BASELINE-B and TOTAL_PASSED in DSS 6.3, the EU's
 * reference validator (no code of ours), with the sample root as the only trust anchor and the
 * sample CRLs handed in; a copy with one byte changed inside the signed range is not. (That they
 * stay PDF/A-3b after signing is PdfATest's.)
 */
class PadesDssValidationTest {
  static final Path SAMPLE = Path.of("certs-sample");
  @TempDir static Path dir;
  static DetachedSigner seal;
  static byte[] receipt;
  static byte[] report;

  @BeforeAll
  static void signBoth() throws Exception {
    char[] password = Files.readString(SAMPLE.resolve("keystore-password.txt")).trim().toCharArray();
    Credential credential = KeyStoreFiles.readCredential(SAMPLE.resolve("gateways/gw-al/seal.p12"), password);
    seal = new DetachedSigner(credential);
    receipt = PadesReceipts.signedReceipt(seal);
    report = auditReport(seal);
  }

  private static byte[] auditReport(DetachedSigner reportSigner) throws Exception {
    ListAuditStore store = new ListAuditStore("gw-al");
    TrustPolicy trust = new TrustPolicy(List.of(KeyStoreFiles.readCertificate(SAMPLE.resolve("ca/root-ca.pem"))),
        List.of(KeyStoreFiles.readCertificate(SAMPLE.resolve("ca/issuing-ca.pem"))), crls());
    eu.mlagw.crypto.NoteSigner noteKey = eu.mlagw.testing.TestNoteKeys.of("gw-al");
    AuditLog log = new AuditLog(store, new CheckpointSigner(seal, noteKey),
        new CheckpointVerifier(trust, List.of(seal.credential().certificate()), noteKey.verifierKey()), "gw-al",
        Clock.systemUTC());
    for (int i = 0; i < 5; i++) {
      log.append(AuditRecord.of(AuditEventType.PACKAGE_DELIVERED, "EX-1").withParties("AL-PG-TIRANA",
          "RS-HC-BELGRADE"));
    }
    VerifiedCheckpoint checkpoint = log.checkpoint();
    AuditQuery query = new AuditQuery("EX-1", null, null, null, null, null, null, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AuditReportWriter(reportSigner, dir).write(new AuditReportWriter.Header("gw-al", query.summary(), "Ana Auditor",
        "court order 12/2026", Instant.now(), checkpoint.checkpoint()),
        sink -> query.run(store, checkpoint.checkpoint().size(), sink), out);
    return out.toByteArray();
  }

  private static List<java.security.cert.X509CRL> crls() throws Exception {
    return List.of(KeyStoreFiles.readCrls(SAMPLE.resolve("ca/root-ca.crl.pem")).get(0),
        KeyStoreFiles.readCrls(SAMPLE.resolve("ca/issuing-ca.crl.pem")).get(0));
  }

  /** DSS's simple report of {@code pdf}: trust anchor the sample root, revocation the sample CRLs. */
  static SimpleReport dss(byte[] pdf) throws Exception {
    return dss(pdf, KeyStoreFiles.readCertificate(SAMPLE.resolve("ca/root-ca.pem")), crls());
  }

  /** DSS's simple report of {@code pdf} with {@code root} the only trust anchor and {@code crls} (two) handed in. */
  static SimpleReport dss(byte[] pdf, java.security.cert.X509Certificate root, List<java.security.cert.X509CRL> crls)
      throws Exception {
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    trusted.addCertificate(new CertificateToken(root));
    CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    verifier.setTrustedCertSources(trusted);
    verifier.setCrlSource(new ExternalResourcesCRLSource(new ByteArrayInputStream(crls.get(0).getEncoded()),
        new ByteArrayInputStream(crls.get(1).getEncoded())));
    PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf, "signed.pdf"));
    validator.setCertificateVerifier(verifier);
    return validator.validateDocument().getSimpleReport();
  }

  private static void assertPassesAsBaselineB(byte[] pdf, String what) throws Exception {
    SimpleReport r = dss(pdf);
    assertEquals(1, r.getSignaturesCount(), what);
    String id = r.getFirstSignatureId();
    assertEquals(SignatureLevel.PAdES_BASELINE_B, r.getSignatureFormat(id), what);
    assertEquals(Indication.TOTAL_PASSED, r.getIndication(id), what + ": " + r.getSubIndication(id) + " "
        + r.getAdESValidationErrors(id) + " " + r.getQualificationErrors(id));
  }

  @Test
  void theSignedReceiptIsPadesBaselineBAndPassesInDss() throws Exception {
    assertPassesAsBaselineB(receipt, "receipt");
  }

  @Test
  void theSignedAuditReportIsPadesBaselineBAndPassesInDss() throws Exception {
    assertPassesAsBaselineB(report, "audit report");
  }

  /**
   * A gateway with gateway.yaml timestamping: seals its receipts and audit reports with the TSA's
   * signature-time-stamp through the same signer as its CMS seals (GatewayKeys.signer):
   * PAdES-BASELINE-T in DSS.
   */
  @Test
  void aReceiptAndAReportSealedByAGatewayWithATsaArePadesBaselineTAndPassInDss() throws Exception {
    eu.mlagw.testing.TestPki pki = new eu.mlagw.testing.TestPki("Receipts");
    try (eu.mlagw.testing.TestTsa tsa = new eu.mlagw.testing.TestTsa(pki)) {
      DetachedSigner gateway = tsa.signer(pki.gatewaySeal("gw-al", eu.mlagw.crypto.KeyKind.RSA_3072));
      Map<String, byte[]> stamped = Map.of("receipt", PadesReceipts.signedReceipt(gateway), "audit report",
          auditReport(gateway));
      for (Map.Entry<String, byte[]> pdf : stamped.entrySet()) {
        SimpleReport r = dss(pdf.getValue(), pki.rootCertificate(), pki.crls());
        String id = r.getFirstSignatureId();
        assertEquals(SignatureLevel.PAdES_BASELINE_T, r.getSignatureFormat(id), pdf.getKey() + ": "
            + r.getAdESValidationErrors(id));
        assertEquals(Indication.TOTAL_PASSED, r.getIndication(id), pdf.getKey() + ": " + r.getSubIndication(id) + " "
            + r.getAdESValidationErrors(id));
      }
    }
  }

  @Test
  void oneChangedByteInTheSignedRangeFailsInDss() throws Exception {
    for (byte[] pdf : List.of(receipt, report)) {
      byte[] tampered = pdf.clone();
      int[] range;
      try (PDDocument doc = Loader.loadPDF(pdf)) {
        range = doc.getSignatureDictionaries().get(0).getByteRange();
      }
      // a byte of the first signed range inside a stream or a name, where the file still parses
      int at = range[1] / 2;
      tampered[at] ^= 0x01;
      SimpleReport r = dss(tampered);
      String id = r.getFirstSignatureId();
      assertNotEquals(Indication.TOTAL_PASSED, r.getIndication(id), "tampered at " + at);
      assertEquals(Indication.TOTAL_FAILED, r.getIndication(id), r.getSubIndication(id) + " at " + at);
    }
  }

  /** The timestamp seam: a receipt signed with a TSA's token carries it, and /Contents has no padding. */
  @Test
  void withATimestamperTheTokenIsInTheSignatureAndContentsIsNotPadded() throws Exception {
    byte[] token = {0x30, 0x03, 0x02, 0x01, 0x07}; // a stand-in DER value; the TSA client supplies real ones
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new ReceiptWriter(MetadataFixtures.mappings(), seal, value -> token.clone()).write(PadesReceipts.full(), "en", out);
    try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
      byte[] contents = doc.getSignatureDictionaries().get(0).getContents();
      assertEquals(contents.length, AuditReportTest.derLength(contents), "the CMS fills /Contents exactly");
      assertTrue(java.util.Collections.indexOfSubList(toList(contents), toList(token)) > 0, "the token is inside");
    }
    for (byte[] pdf : List.of(receipt, report)) {
      try (PDDocument doc = Loader.loadPDF(pdf)) {
        byte[] contents = doc.getSignatureDictionaries().get(0).getContents();
        assertEquals(contents.length, AuditReportTest.derLength(contents), "no zero padding after the CMS");
      }
    }
  }

  private static List<Byte> toList(byte[] bytes) {
    List<Byte> list = new java.util.ArrayList<>(bytes.length);
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }

  @Test
  void theDictionaryIsEtsiCadesDetachedWithTheClaimedTime() throws Exception {
    for (byte[] pdf : List.of(receipt, report)) {
      try (PDDocument doc = Loader.loadPDF(pdf)) {
        PDSignature s = doc.getSignatureDictionaries().get(0);
        assertEquals("ETSI.CAdES.detached", s.getSubFilter());
        assertEquals("Adobe.PPKLite", s.getFilter());
        assertTrue(s.getSignDate() != null, "/M carries the claimed signing time");
      }
    }
  }
}
