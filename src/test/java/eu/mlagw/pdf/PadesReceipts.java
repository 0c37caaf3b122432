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

  static final Receipt.Gateway GW_AL = new Receipt.Gateway("gw-al", "Ministry of Justice of Albania");
  static final Receipt.Gateway GW_RS = new Receipt.Gateway("gw-rs", null);

  /** Every field set: subject with XML-special characters, both case numbers, two documents, Tirana time. */
  static Receipt full() {
    return new Receipt("01J9ZQ3K8N6V4W2X0Y7T5R3P1M", "General Prosecution Office, Tirana (AL-PG-TIRANA)",
        "Higher Court in Belgrade (RS-HC-BELGRADE)", "Kërkesë për të dhëna telefonike <& \"trafikim\">",
        "AL-2026-117", "K-PO1 12/2026", List.of(
            new Receipt.Document("kerkese.pdf", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            new Receipt.Document("shtojca-1.pdf", "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752")),
        Instant.parse("2026-11-28T10:15:30Z"), java.time.ZoneId.of("Europe/Tirane"), GW_AL, List.of(
            new Receipt.Status("SubmissionAcceptance", Instant.parse("2026-11-28T10:15:31Z"), null, GW_AL),
            new Receipt.Status("RelayAcceptance", Instant.parse("2026-11-28T10:15:32Z"), null, GW_RS),
            new Receipt.Status("Delivery", Instant.parse("2026-11-28T10:15:33Z"), null, GW_RS)));
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
