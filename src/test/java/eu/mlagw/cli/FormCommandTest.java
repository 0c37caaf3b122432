package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.pdf.RequestFormWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mlagw form new / form read against the shipped config/mappings. */
class FormCommandTest {
  @TempDir Path dir;

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(out), new PrintWriter(err), args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void newWritesAFormAndReadPrintsTheRequestOrTheErrors() throws Exception {
    Path pdf = dir.resolve("forma.pdf");
    String[] r = run("form", "new", "--lang", "mk", "--out", pdf.toString(), "--config", "config");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(Files.size(pdf) > 100_000, "the whole font is embedded");
    assertEquals("1", run("form", "new", "--lang", "mk", "--out", pdf.toString(), "--config", "config")[0]);

    Path filled = dir.resolve("filled.pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm();
      form.getField("subject").setValue("Барање за сослушување сведок");
      form.getField(RequestFormWriter.pdfName("persons.1.name")).setValue("Ѓорѓи Ќосев");
      form.getField("measures_1").setValue("hearing-witness");
      doc.save(filled.toFile());
    }
    r = run("form", "read", filled.toString(), "--config", "config");
    assertEquals("0", r[0], r[1] + r[2]);
    String flat = r[1].replaceAll("\\s+", " ");
    assertTrue(flat.contains("\"latin\" : \"Gjorgji Kjosev\""), r[1]);
    assertTrue(flat.contains("\"measures\" : [ \"hearing-witness\" ]"), r[1]);

    try (PDDocument doc = Loader.loadPDF(filled.toFile())) {
      doc.getDocumentCatalog().getAcroForm().getField("subject").setValue("");
      doc.getDocumentCatalog().getAcroForm().getField("deadline").setValue("2026-02-30");
      doc.save(filled.toFile());
    }
    r = run("form", "read", filled.toString(), "--config", "config");
    assertEquals("1", r[0]);
    assertTrue(r[2].startsWith("ERROR REQUEST_INVALID: Замолницата не е испратена."), r[2]);
    assertTrue(r[2].contains("- Предмет [subject]: недостасува") && r[2].contains("'2026-02-30' не е датум"), r[2]);
  }

  @Test
  void anUnknownLanguageIsRefusedWithTheChoices() {
    String[] r = run("form", "new", "--lang", "tr", "--out", dir.resolve("x.pdf").toString(), "--config", "config");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("language 'tr' is not configured; choose one of [sq, sr-Latn, sr-Cyrl"), r[2]);
    assertTrue(!Files.exists(dir.resolve("x.pdf")) && !Files.exists(dir.resolve("x.pdf.tmp")), "nothing left behind");
  }
}
