package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.MetadataFixtures;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/** Cover sheet in the recipient's language and receipt in the sender's, checked by text extraction. */
class CoverSheetAndReceiptTest {
  private static String text(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
  }

  /**
   * The text as the glyphs map to Unicode, before PDFTextStripper's own normalisation (which would
   * hide a ligature that other extractors, e.g. pdftotext or a court's e-filing system, return).
   */
  private static String rawText(byte[] pdf) throws Exception {
    StringBuilder raw = new StringBuilder();
    PDFTextStripper stripper = new PDFTextStripper() {
      @Override
      protected void processTextPosition(TextPosition p) {
        raw.append(p.getUnicode());
      }
    };
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      stripper.getText(doc);
    }
    return raw.toString();
  }

  @Test
  void coverSheetForTheSerbianCourtIsInCyrillicWithFreeTextUntouched() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CoverSheetWriter(MetadataFixtures.mappings()).write(MetadataFixtures.fullRequest(), "sr-Cyrl", out);
    String text = text(out.toByteArray());
    for (String expected : List.of("Пропратни лист: Замолница за међународну правну помоћ", "Хитност", "Хитно",
        "Прање новца", "Подаци о банковним рачунима и трансакцијама",
        "Не сме се користити у судском поступку без сагласности пошиљаоца", "Поверљиво",
        "Kërkesë për të dhëna telefonike [sq]", "Xhevdet Shkëmbi", "Џевдет Шкемби", "Djordje Jovanovic",
        "Лице 1 – Осумњичени", "Замолница (основни акт)", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Датум рођења: 1980-05-17", "Број предмета пошиљаоца AL-2026-117", "Број предмета примаоца K-PO1 12/2026")) {
      assertTrue(text.contains(expected), expected + " missing in:\n" + text);
    }
    assertFalse(text.contains("Ваш број предмета"), "the sender's case number is not the court's own:\n" + text);
  }

  /**
   * Ligature glyphs ("ﬁ", "ﬃ") would extract as U+FB01…: a search for "trafikim" would not find the
   * text. Seen on the Serbian (Cyrillic) cover sheet of an Albanian request.
   */
  @Test
  void extractedTextHasThePlainLettersNoLigatures() throws Exception {
    CanonicalRequest r = MetadataFixtures.fullRequest().withDocuments(List.of(
        new CanonicalRequest.DocumentRef("trafikim-emigrantesh.pdf", "request-letter", "sq", null),
        new CanonicalRequest.DocumentRef("file-profile.pdf", "translation", "sr-Latn", null)));
    for (String lang : List.of("sr-Cyrl", "en", "fr")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new CoverSheetWriter(MetadataFixtures.mappings()).write(r, lang, out);
      String text = rawText(out.toByteArray());
      for (String expected : List.of("trafikim-emigrantesh.pdf", "file-profile.pdf")) {
        assertTrue(text.contains(expected), expected + " missing in:\n" + text);
      }
      assertFalse(text.codePoints().anyMatch(cp -> cp >= 0xFB00 && cp <= 0xFB06), "a ligature in:\n" + text);
    }
  }

  @Test
  void receiptIsInTheSendersLanguage() throws Exception {
    Receipt r = new Receipt("01J9ZQ3K8N6V4W2X0Y7T5R3P1M", "AL-PG-TIRANA", "RS-HC-BELGRADE", "Kërkesë për të dhëna",
        Instant.parse("2026-11-28T10:15:30Z"), List.of(
            new Receipt.Status("SubmissionAcceptance", Instant.parse("2026-11-28T10:15:31Z"), null),
            new Receipt.Status("Delivery", Instant.parse("2026-11-28T10:15:33Z"), null)));
    String text = text(PadesReceipts.write(r, "sq", PadesReceipts.testSeal()));
    for (String expected : List.of("Dëftesë", "ID e shkëmbimit", "01J9ZQ3K8N6V4W2X0Y7T5R3P1M",
        "2026-11-28 10:15:30 UTC", "Pranuar dhe vulosur nga porta dërguese", "Dorëzuar në kutinë hyrëse të marrësit")) {
      assertTrue(text.contains(expected), expected + " missing in:\n" + text);
    }
  }
}
