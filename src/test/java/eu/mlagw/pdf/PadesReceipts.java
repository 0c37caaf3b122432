package eu.mlagw.pdf;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.metadata.MetadataFixtures;
import eu.mlagw.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;

/** Receipts for the PDF tests: a full one (every field set), signed by a given or an in-test seal. */
final class PadesReceipts {
  private static DetachedSigner testSeal;

  private PadesReceipts() {}

  /** A gateway seal from a fresh in-test PKI (made once per test JVM). */
  static synchronized DetachedSigner testSeal() {
    if (testSeal == null) {
      testSeal = new DetachedSigner(new TestPki("Receipts").gatewaySeal("gw-al", KeyKind.EC_P256));
    }
    return testSeal;
  }

  static Receipt full() {
    return new Receipt("01J9ZQ3K8N6V4W2X0Y7T5R3P1M", "AL-PG-TIRANA", "RS-HC-BELGRADE", "Kërkesë <& \"të dhëna\">",
        Instant.parse("2026-11-28T10:15:30Z"), List.of(
            new Receipt.Status("SubmissionAcceptance", Instant.parse("2026-11-28T10:15:31Z"), null)));
  }

  static byte[] signedReceipt(DetachedSigner seal) throws Exception {
    return write(full(), "sq", seal);
  }

  static byte[] write(Receipt r, String language, DetachedSigner seal) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ReceiptWriter(MetadataFixtures.mappings(), seal).write(r, language, out);
    return out.toByteArray();
  }
}
