package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.MetadataFixtures;
import eu.mlagw.metadata.RequestInvalidException;
import eu.mlagw.metadata.RequestReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDComboBox;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blank form in a language; filled in with PDFBox (as a PDF reader would), dropped, and read back. */
class RequestFormTest {
  @TempDir Path dir;

  private Path blank(String lang) throws Exception {
    Path pdf = dir.resolve("form-" + lang + ".pdf");
    try (OutputStream out = Files.newOutputStream(pdf)) {
      new RequestFormWriter(MetadataFixtures.mappings()).write(lang, out);
    }
    return pdf;
  }

  private static void fill(Path pdf, Path to, Map<String, String> values) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm();
      for (Map.Entry<String, String> e : values.entrySet()) {
        form.getField(RequestFormWriter.pdfName(e.getKey())).setValue(e.getValue());
      }
      doc.save(to.toFile());
    }
  }

  @Test
  void theBlankFormIsLabelledInSerbianCyrillicWithCodeListChoices() throws Exception {
    Path pdf = blank("sr-Cyrl");
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("Замолница за међународну правну помоћ"), text);
      assertTrue(text.contains("Хитност") && text.contains("Лице 1") && text.contains("Документ 6"), text);
      PDComboBox urgency = (PDComboBox) doc.getDocumentCatalog().getAcroForm().getField("urgency");
      assertEquals(List.of("", "normal", "urgent", "very-urgent"), urgency.getOptionsExportValues());
      assertEquals(List.of("—", "Редовно", "Хитно", "Веома хитно"), urgency.getOptionsDisplayValues());
      assertEquals("sr-Cyrl", ((PDComboBox) doc.getDocumentCatalog().getAcroForm().getField("language"))
          .getValue().get(0));
    }
  }

  @Test
  void aFilledFormDroppedWithTheDocumentsIsReadAsTheRequest() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("submission"));
    Files.writeString(folder.resolve("izvestaj.pdf"), "%PDF-1.4 not a form");
    fill(blank("sr-Cyrl"), folder.resolve("zamolnica.pdf"), Map.of(
        "subject", "Захтев за податке о позивима",
        "exchangeType", "evidence-request",
        "urgency", "urgent",
        "deadline", "2026-12-31",
        "offences.1", "money-laundering",
        "persons.1.name", "Ђорђе Јовановић",
        "persons.1.role", "suspect",
        "persons.2.name", "Xhevdet Shkëmbi",
        "persons.2.nationality", "AL",
        "documents.1.file", "izvestaj.pdf"));
    Map<String, String> fields = new RequestFormReader().read(folder.resolve("zamolnica.pdf")).orElseThrow();
    assertEquals("Ђорђе Јовановић", fields.get("persons.1.name"));
    assertEquals("evidence-request", fields.get("exchangeType"));
    assertEquals(Optional.empty(), new RequestFormReader().read(folder.resolve("izvestaj.pdf")));

    RequestReader.Result r = new RequestReader(MetadataFixtures.mappings(), new RequestFormReader())
        .read(folder, MetadataFixtures.participant("RS-PPO-BELGRADE", "sr-Latn"), "AL-PG-TIRANA");
    CanonicalRequest c = r.request();
    assertEquals(folder.resolve("zamolnica.pdf"), r.source());
    assertEquals("sr-Cyrl", c.language());
    assertEquals("Захтев за податке о позивима", c.subject().text());
    assertEquals(LocalDate.of(2026, 12, 31), c.deadline());
    assertEquals(List.of("money-laundering"), c.offences());
    assertEquals("Djordje Jovanovic", c.persons().get(0).name().ascii());
    assertEquals("Џевдет Шкемби", c.persons().get(1).name().cyrillic());
    assertEquals(List.of("izvestaj.pdf"), c.documents().stream().map(CanonicalRequest.DocumentRef::file).toList());
  }

  @Test
  void aFormWithAWrongDateGivesTheErrorInTheFormsLanguage() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("bad"));
    fill(blank("mk"), folder.resolve("form.pdf"), Map.of("subject", "Барање", "deadline", "утре"));
    RequestInvalidException e = assertThrows(RequestInvalidException.class, () -> new RequestReader(
        MetadataFixtures.mappings(), new RequestFormReader()).read(folder, MetadataFixtures.participant("AL-PG-TIRANA"),
        "MK-PPO-SKOPJE"));
    assertTrue(e.getMessage().contains("- Рок [deadline]: 'утре' не е датум; напишете го како ГГГГ-ММ-ДД"),
        e.getMessage());
  }
}
