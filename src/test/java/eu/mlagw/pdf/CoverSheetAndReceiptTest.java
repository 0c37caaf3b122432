package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    String text = text(PadesReceipts.write(PadesReceipts.full(), "sq", PadesReceipts.testSeal()));
    for (String expected : List.of("Dëftesë", "ID e shkëmbimit", "01J9ZQ3K8N6V4W2X0Y7T5R3P1M",
        "Pranuar dhe vulosur nga porta dërguese", "Dorëzuar në kutinë hyrëse të marrësit")) {
      assertTrue(text.contains(expected), expected + " missing in:\n" + text);
    }
  }

  /** Issue 14: subject, labelled case numbers, documents with SHA-256, gateways named, local time with zone. */
  @Test
  void receiptStatesSubjectCasesDocumentsGatewaysAndLocalTime() throws Exception {
    String text = text(PadesReceipts.write(PadesReceipts.full(), "en", PadesReceipts.testSeal()));
    for (String expected : List.of(
        "Subject Kërkesë për të dhëna telefonike <& \"trafikim\">",
        "Sender's case reference AL-2026-117", "Recipient's case reference K-PO1 12/2026",
        "General Prosecution Office, Tirana (AL-PG-TIRANA)", "Higher Court in Belgrade (RS-HC-BELGRADE)",
        "kerkese.pdf SHA-256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "shtojca-1.pdf SHA-256: 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        "Receipt issued and sealed by gateway Ministry of Justice of Albania (gw-al)",
        "Accepted and sealed by the sending gateway Gateway: Ministry of Justice of Albania (gw-al)",
        "Accepted for relay by a gateway Gateway: gw-rs",
        "2026-11-28 11:15:30 CET (Europe/Tirane) · 2026-11-28 10:15:30 UTC",
        "2026-11-28 11:15:33 CET (Europe/Tirane) · 2026-11-28 10:15:33 UTC")) {
      assertTrue(text.contains(expected), expected + " missing in:\n" + text);
    }
    assertFalse(text.contains("Your case reference"), "the receipt says whose case number it is:\n" + text);
  }

  @Test
  void everyLanguageHasTheReceiptsLabels() throws Exception {
    var mappings = MetadataFixtures.mappings();
    for (String lang : List.of("bs", "de", "en", "fr", "hr", "it", "mk", "nl", "sl", "sq", "sr-Cyrl", "sr-Latn")) {
      for (String key : List.of("receipt.issuedBy", "receipt.gateway", "receipt.sealed", "cover.senderCaseReference")) {
        String t = mappings.messages().text(lang, key);
        assertFalse(t.equals(key) || t.isBlank(), lang + " lacks " + key);
        if (!lang.equals("en")) {
          assertFalse(t.equals(mappings.messages().text("en", key)) && !key.equals("receipt.gateway"),
              lang + " has the English text of " + key);
        }
      }
    }
  }

  @Test
  void receiptWithoutTheSendersZoneShowsUtcOnly() throws Exception {
    Receipt r = PadesReceipts.full();
    Receipt utc = new Receipt(r.exchangeId(), r.sender(), r.recipient(), r.subject(), null, null, List.of(),
        r.submitted(), java.time.ZoneOffset.UTC, null, r.statuses());
    String text = text(PadesReceipts.write(utc, "en", PadesReceipts.testSeal()));
    assertTrue(text.contains("Time 2026-11-28 10:15:30 UTC"), text);
    assertTrue(text.contains("Sender's case reference —"), text);
  }
  private static final java.util.Map<String, String> OFFICES = java.util.Map.of(
      "AL-PG-TIRANA", "General Prosecution Office, Tirana", "RS-HC-BELGRADE", "Viši sud u Beogradu");

  private static byte[] coverSheet(CanonicalRequest r, String lang) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CoverSheetWriter(MetadataFixtures.mappings(), OFFICES::get).write(r, lang, Instant.parse("2026-11-28T10:15:30Z"),
        out);
    return out.toByteArray();
  }

  /** Each page's text, lines kept. */
  private static List<List<String>> pages(byte[] pdf) throws Exception {
    List<List<String>> pages = new java.util.ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFTextStripper s = new PDFTextStripper();
      for (int i = 1; i <= doc.getNumberOfPages(); i++) {
        s.setStartPage(i);
        s.setEndPage(i);
        pages.add(java.util.Arrays.stream(s.getText(doc).split("\\R")).map(String::strip).filter(l -> !l.isEmpty())
            .toList());
      }
    }
    return pages;
  }

  /** Issue 14: urgency and confidentiality head the sheet; offices by name with the id; document SHA-256 shown. */
  @Test
  void coverSheetPutsUrgencyAndConfidentialityFirstAndNamesTheOffices() throws Exception {
    List<List<String>> pages = pages(coverSheet(MetadataFixtures.fullRequest(), "en"));
    List<String> lines = pages.get(0);
    assertTrue(lines.get(0).startsWith("Cover sheet"), lines.toString());
    assertEquals("Urgency: Urgent — Deadline: 2026-12-31", lines.get(1), lines.toString());
    assertEquals("Confidentiality: Confidential", lines.get(2), lines.toString());
    String text = pages.stream().map(p -> String.join(" ", p)).collect(java.util.stream.Collectors.joining(" "));
    assertEquals(1, text.split("Urgency", -1).length - 1, "urgency once, in the box, not again in the body: " + text);
    for (String expected : List.of("Sender General Prosecution Office, Tirana AL-PG-TIRANA",
        "Recipient Viši sud u Beogradu RS-HC-BELGRADE",
        "kerkesa.pdf Letter of request (sq) SHA-256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")) {
      assertTrue(text.contains(expected), expected + " missing in:\n" + text);
    }
  }

  /**
   * No heading (Persons, Documents) and no document's name ends a page with its content on the next:
   * the document list grows one by one so that every page break position is tried.
   */
  @Test
  void noHeadingOrLabelIsOrphanedAtAPageEnd() throws Exception {
    CanonicalRequest base = MetadataFixtures.fullRequest();
    var m = MetadataFixtures.mappings().messages();
    java.util.Set<String> headings = java.util.Set.of(m.fieldLabel("en", "persons"), m.fieldLabel("en", "documents"));
    int pagesSeen = 0;
    for (int n = 20; n <= 40; n++) {
      List<CanonicalRequest.DocumentRef> docs = new java.util.ArrayList<>();
      java.util.Set<String> names = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) {
        docs.add(new CanonicalRequest.DocumentRef("annex-" + i + ".pdf", "annex", "sq", "%064x".formatted(i)));
        names.add("annex-" + i + ".pdf");
      }
      CanonicalRequest r = new CanonicalRequest(base.exchangeId(), base.sender(), base.recipient(), base.language(),
          base.exchangeType(), base.subject(), base.caseReference(), base.recipientCaseReference(), base.inReplyTo(),
          base.legalBasis(), base.issuingAuthority(), base.executingAuthority(), base.urgency(), base.deadline(),
          base.offences(), base.offenceDescription(), base.persons(), base.measures(), base.measureDescription(),
          base.handlingCodes(), base.handlingConditions(), base.confidentiality(), docs);
      List<List<String>> pages = pages(coverSheet(r, "en"));
      pagesSeen = Math.max(pagesSeen, pages.size());
      for (int p = 0; p < pages.size() - 1; p++) {
        String last = pages.get(p).get(pages.get(p).size() - 1);
        assertFalse(headings.contains(last) || names.contains(last),
            n + " documents: page " + (p + 1) + " ends with '" + last + "', its content is on the next page");
      }
    }
    assertTrue(pagesSeen >= 2, "the long lists span pages");
  }
}
