package eu.mlagw.pdf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.metadata.MetadataFixtures;
import eu.mlagw.metadata.RequestReader;
import eu.mlagw.testing.FuzzContract;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDComboBox;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the PDF request form reader (any PDF a prosecutor drops is tried as a form), and binds
 * what it reads as the intake does. Contract: {@link FuzzContract} — "not a form" (empty) is a
 * valid answer for any damaged PDF. Seeds: small forms made with PDFBox, a plain PDF, edge cases.
 */
public class RequestFormReaderFuzzTest {
  private static Path file;

  @BeforeAll
  static void file() throws Exception {
    file = Files.createTempFile("mlagw-fuzz-form", ".pdf");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    Files.deleteIfExists(file);
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void read(byte[] data) throws Exception {
    Files.write(file, data);
    FuzzContract.acceptOrRefuse(() -> {
      Optional<Map<String, String>> fields = new RequestFormReader().read(file);
      if (fields.isPresent()) {
        new RequestReader(MetadataFixtures.mappings(), new RequestFormReader()).bind(
            RequestReader.fromFormFields(fields.get()), null, "AL-PG-TIRANA", "RS-HC-BELGRADE", "sq");
      }
    });
  }

  /**
   * Seeds (for FuzzSeeds): small forms made with PDFBox — marked and filled, unmarked with the two
   * telling fields, marked but empty — and a PDF without a form. Small on purpose: the shipped form
   * embeds a whole font (~0.7 MB), which would slow every mutation down.
   */
  public static Map<String, byte[]> seeds() throws Exception {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    Map<String, String> filled = new LinkedHashMap<>();
    filled.put("subject", "Kërkesë për të dhëna");
    filled.put("exchangeType", "mla-request");
    filled.put("persons_1_name", "Xhevdet Shkëmbi");
    filled.put("persons_1_role", "suspect");
    filled.put("offences_1", "drug-trafficking");
    filled.put("deadline", "2026-12-31");
    seeds.put("marked-filled-form.pdf", form(true, filled, true));
    seeds.put("unmarked-form.pdf", form(false, Map.of("subject", "x", "exchangeType", "mla-request"), false));
    seeds.put("marked-empty-form.pdf", form(true, Map.of(), false));
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.addPage(new PDPage());
      doc.save(out);
      seeds.put("no-form.pdf", out.toByteArray());
    }
    return seeds;
  }

  private static byte[] form(boolean marked, Map<String, String> values, boolean withChoice) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      if (marked) {
        doc.getDocumentInformation().setCustomMetadataValue(RequestFormWriter.MARKER, RequestFormWriter.FORM_VERSION);
      }
      PDAcroForm form = new PDAcroForm(doc);
      doc.getDocumentCatalog().setAcroForm(form);
      PDResources resources = new PDResources();
      resources.put(COSName.getPDFName("Helv"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      form.setDefaultResources(resources);
      form.setDefaultAppearance("/Helv 10 Tf 0 g");
      for (String name : values.isEmpty() ? java.util.List.of("subject", "exchangeType") : values.keySet()) {
        PDTextField f = new PDTextField(form);
        f.setPartialName(name);
        form.getFields().add(f);
        page.getAnnotations().add(f.getWidgets().get(0));
        f.getWidgets().get(0).setPage(page);
        f.getWidgets().get(0).setRectangle(new org.apache.pdfbox.pdmodel.common.PDRectangle(50, 700, 200, 20));
        String v = values.get(name);
        if (v != null) {
          f.setValue(v.replace("ë", "e"));
        }
      }
      if (withChoice) {
        PDComboBox urgency = new PDComboBox(form);
        urgency.setPartialName("urgency");
        urgency.setOptions(java.util.List.of("normal", "urgent"));
        form.getFields().add(urgency);
        urgency.setValue("urgent");
      }
      doc.save(out);
      return out.toByteArray();
    }
  }
}
