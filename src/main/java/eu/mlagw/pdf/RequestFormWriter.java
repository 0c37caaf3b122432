package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalFields;
import eu.mlagw.metadata.CodeLists;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceCharacteristicsDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDComboBox;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;

/**
 * The blank request form ({@code mlagw form new --lang LANG}): a fillable PDF whose AcroForm fields are
 * named by canonical keys ({@code subject}, {@code offences_1}, {@code persons_2_name},
 * {@code documents_1_role}: '.' is not allowed in PDF field names), labelled in the chosen language, with choice lists built from the code
 * lists (value = code, shown = label). DejaVu Sans is embedded whole so that any reader can show
 * Cyrillic and Albanian text typed into it. {@link RequestFormReader} reads it back.
 */
public final class RequestFormWriter {
  /** Document information key marking a gateway request form (value: {@value #FORM_VERSION}). */
  public static final String MARKER = "MLAGW-Form";
  public static final String FORM_VERSION = "request-1";
  static final int PERSONS = 4;
  static final int DOCUMENTS = 6;
  static final int OFFENCES = 3;
  static final int MEASURES = 3;
  static final int HANDLING = 2;
  private final Mappings mappings;

  /** The PDF field name of a canonical form key: PDF forbids '.' in names, so persons.1.name → persons_1_name. */
  public static String pdfName(String key) {
    return key.replace('.', '_');
  }

  public RequestFormWriter(Mappings mappings) {
    this.mappings = mappings;
  }

  /** Writes the blank form in {@code language} (a language of languages.yaml). */
  public void write(String language, OutputStream out) throws GatewayException {
    if (!mappings.languages().contains(language)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "language '" + language + "' is not configured; choose one "
          + "of " + mappings.languages());
    }
    try (PDDocument doc = new PDDocument()) {
      doc.getDocumentInformation().setCustomMetadataValue(MARKER, FORM_VERSION);
      doc.getDocumentInformation().setTitle(mappings.messages().text(language, "form.title"));
      PDType0Font font = PdfFonts.regular(doc, true);
      PDAcroForm form = new PDAcroForm(doc);
      doc.getDocumentCatalog().setAcroForm(form);
      PDResources resources = new PDResources();
      COSName fontName = resources.add(font);
      form.setDefaultResources(resources);
      String da = "/" + fontName.getName() + " 9 Tf 0 g";
      form.setDefaultAppearance(da);
      try (TextLayout layout = new TextLayout(doc, font, PdfFonts.bold(doc))) {
        new Page(form, layout, da, language).fill();
      }
      doc.save(out);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the request form: " + e.getMessage(), e);
    }
  }

  /** Lays out labels and fields for one document. */
  private final class Page {
    private final PDAcroForm form;
    private final TextLayout layout;
    private final String da;
    private final String lang;
    private final Messages m = mappings.messages();
    private final CodeLists codes = mappings.codeLists();

    Page(PDAcroForm form, TextLayout layout, String da, String lang) {
      this.form = form;
      this.layout = layout;
      this.da = da;
      this.lang = lang;
    }

    void fill() throws IOException {
      layout.heading(m.text(lang, "form.title"), 16);
      layout.paragraph(m.text(lang, "form.instructions"), layout.regular(), 9, 0);
      layout.paragraph(m.text(lang, "form.required"), layout.regular(), 8, 0);
      layout.reserve(6);
      choice("language", label("language"), mappings.languages(), mappings.languages(), lang);
      for (String key : List.of("exchangeType", "subject", "caseReference", "recipientCaseReference", "inReplyTo", "legalBasis",
          "issuingAuthority", "executingAuthority", "urgency", "deadline")) {
        single(key, label(key));
      }
      repeated("offences", OFFENCES);
      single("offenceDescription", label("offenceDescription"));
      repeated("measures", MEASURES);
      single("measureDescription", label("measureDescription"));
      repeated("handlingCodes", HANDLING);
      single("handlingConditions", label("handlingConditions"));
      single("confidentiality", label("confidentiality"));
      layout.newPage();
      for (int i = 1; i <= PERSONS; i++) {
        layout.heading(m.text(lang, "form.person", i), 11);
        for (String sub : CanonicalFields.subKeys("persons")) {
          single("persons." + i + "." + sub, "persons." + sub, label("persons." + sub));
        }
      }
      layout.newPage();
      for (int i = 1; i <= DOCUMENTS; i++) {
        layout.heading(m.text(lang, "form.document", i), 11);
        for (String sub : CanonicalFields.subKeys("documents")) {
          single("documents." + i + "." + sub, "documents." + sub, label("documents." + sub));
        }
      }
    }

    private String label(String key) {
      CanonicalFields.Field f = CanonicalFields.field(key).orElseThrow();
      return m.fieldLabel(lang, key) + (f.required() ? " *" : "") + (f.kind() == CanonicalFields.Kind.DATE
          ? " (YYYY-MM-DD)" : f.kind() == CanonicalFields.Kind.COUNTRY ? " (AL, RS, …)" : "");
    }

    private void repeated(String key, int count) throws IOException {
      String list = CanonicalFields.field(key).orElseThrow().codeList();
      for (int i = 1; i <= count; i++) {
        choice(key + "." + i, label(key) + " (" + i + ")", codes.codes(list), labels(list), null);
      }
    }

    private void single(String key, String label) throws IOException {
      single(key, key, label);
    }

    private void single(String name, String key, String label) throws IOException {
      CanonicalFields.Field f = CanonicalFields.field(key).orElseThrow();
      if (f.codeList() != null) {
        choice(name, label, codes.codes(f.codeList()), labels(f.codeList()), null);
      } else if (f.kind() == CanonicalFields.Kind.LANGUAGE) {
        choice(name, label, mappings.languages(), mappings.languages(), null);
      } else {
        boolean multi = f.kind() == CanonicalFields.Kind.FREE_TEXT && f.maxLength() > 500;
        float h = multi ? 60 : 16;
        float top = box(label, h);
        PDTextField t = new PDTextField(form);
        t.setPartialName(pdfName(name));
        t.setDefaultAppearance(da);
        t.setMultiline(multi);
        if (f.maxLength() > 0) {
          t.setMaxLen(f.maxLength());
        }
        place(t, top, h);
        t.setValue(""); // draws the empty box, so that every reader shows where to type
      }
    }

    private List<String> labels(String list) {
      List<String> out = new ArrayList<>();
      codes.codes(list).forEach(c -> out.add(codes.label(list, c, lang)));
      return out;
    }

    private void choice(String name, String label, List<String> values, List<String> shown, String preset)
        throws IOException {
      float top = box(label, 16);
      PDComboBox c = new PDComboBox(form);
      c.setPartialName(pdfName(name));
      c.setDefaultAppearance(da);
      List<String> export = new ArrayList<>(List.of(""));
      export.addAll(values);
      List<String> display = new ArrayList<>(List.of("—"));
      display.addAll(shown);
      c.setOptions(export, display);
      place(c, top, 16);
      c.setValue(preset == null ? "" : preset);
    }

    private float box(String label, float height) throws IOException {
      layout.paragraph(label, layout.bold(), 8, 0);
      return layout.reserve(height + 5);
    }

    private void place(PDField field, float top, float height) throws IOException {
      PDAnnotationWidget w = field.getWidgets().get(0);
      w.setRectangle(new PDRectangle(TextLayout.MARGIN, top - height, TextLayout.WIDTH, height));
      w.setPage(layout.page());
      w.setPrinted(true);
      PDAppearanceCharacteristicsDictionary look = new PDAppearanceCharacteristicsDictionary(new COSDictionary());
      look.setBorderColour(new PDColor(new float[] {0.45f, 0.5f, 0.6f}, PDDeviceRGB.INSTANCE));
      look.setBackground(new PDColor(new float[] {0.93f, 0.95f, 1f}, PDDeviceRGB.INSTANCE));
      w.setAppearanceCharacteristics(look);
      PDBorderStyleDictionary border = new PDBorderStyleDictionary();
      border.setWidth(0.75f);
      w.setBorderStyle(border);
      layout.page().getAnnotations().add(w);
      form.getFields().add(field);
    }
  }
}
