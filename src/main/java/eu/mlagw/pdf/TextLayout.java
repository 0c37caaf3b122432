package eu.mlagw.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Top-to-bottom text on A4 pages: headings, label/value lines, wrapped paragraphs, ruled boxes; opens
 * a new page when the current one is full, and keeps a heading with the start of its content and a
 * label with its value. Not thread-safe; one per document. {@link #close()} ends the last page.
 */
final class TextLayout implements AutoCloseable {
  static final float MARGIN = 50;
  static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
  /** Room a heading needs below it on the same page: a field's label and two lines of its value. */
  static final float KEEP_WITH_HEADING = 9 * 1.35f + 2 * 10 * 1.35f;
  private static final float FIELD_LABEL = 9 * 1.35f;
  /** A field of up to this many value lines is not split across pages. */
  private static final int KEEP_FIELD_LINES = 8;
  private static final float BOX_PADDING = 8;
  private final PDDocument doc;
  private final PDFont regular;
  private final PDFont bold;
  private final PDRectangle size;
  private final float width;
  private PDPage page;
  private PDPageContentStream out;
  private float y;

  TextLayout(PDDocument doc, PDFont regular, PDFont bold) throws IOException {
    this(doc, regular, bold, PDRectangle.A4);
  }

  /** Pages of {@code size} (e.g. A4 landscape for wide tables). */
  TextLayout(PDDocument doc, PDFont regular, PDFont bold, PDRectangle size) throws IOException {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.size = size;
    this.width = size.getWidth() - 2 * MARGIN;
    newPage();
  }

  /** Width of the text area. */
  float width() {
    return width;
  }

  PDPage page() {
    return page;
  }

  float y() {
    return y;
  }

  void newPage() throws IOException {
    if (out != null) {
      out.close();
    }
    page = new PDPage(size);
    doc.addPage(page);
    out = new PDPageContentStream(doc, page);
    y = size.getHeight() - MARGIN;
  }

  /** Makes room for {@code height} points, opening a new page if needed; returns the top y. */
  float reserve(float height) throws IOException {
    if (y - height < MARGIN) {
      newPage();
    }
    float top = y;
    y -= height;
    return top;
  }

  /**
   * A bold heading, kept with what follows: when the heading and {@link #KEEP_WITH_HEADING} points
   * of content do not fit on this page, the heading starts the next one (never alone at a page end).
   */
  void heading(String text, float size) throws IOException {
    keep(wrap(text, bold, size, width).size() * size * 1.35f + size * 0.4f + KEEP_WITH_HEADING);
    paragraph(text, bold, size, 0);
    y -= size * 0.4f;
  }

  /**
   * "label: value" with the label in bold, value wrapped under it; the label never ends a page
   * alone, and a value of up to {@value #KEEP_FIELD_LINES} lines is not split.
   */
  void field(String label, String value) throws IOException {
    field(label, value, null);
  }

  /** Same, with {@code note} (e.g. an id beside a name) in small text under the value; null for none. */
  void field(String label, String value, String note) throws IOException {
    String shown = value == null || value.isBlank() ? "—" : value;
    // a short field (a person, a document) stays on one page; a long one at least starts with its label
    int lines = Math.min(wrap(shown, regular, 10, width - 12).size(), KEEP_FIELD_LINES);
    keep(wrap(label, bold, 9, width).size() * FIELD_LABEL + lines * 10 * 1.35f
        + (note == null || note.isBlank() ? 0 : 7 * 1.35f));
    paragraph(label, bold, 9, 0);
    paragraph(shown, regular, 10, 12);
    if (note != null && !note.isBlank()) {
      paragraph(note, regular, 7, 12);
    }
    y -= 3;
  }

  /** Opens a new page unless {@code height} points still fit on this one. */
  private void keep(float height) throws IOException {
    if (y - height < MARGIN) {
      newPage();
    }
  }

  /**
   * Lines in bold inside a ruled box across the text area (what must not be overlooked: urgency,
   * deadline, confidentiality). Kept on one page.
   */
  void box(List<String> lines, float size) throws IOException {
    List<String> wrapped = new ArrayList<>();
    for (String line : lines) {
      wrapped.addAll(wrap(line, bold, size, width - 2 * BOX_PADDING));
    }
    float height = wrapped.size() * size * 1.35f + 2 * BOX_PADDING;
    keep(height + 6);
    float top = y;
    out.setLineWidth(1.5f);
    out.addRect(MARGIN, top - height, width, height);
    out.stroke();
    y -= BOX_PADDING;
    for (String line : wrapped) {
      y -= size * 1.35f;
      text(line, bold, size, MARGIN + BOX_PADDING, y + size * 0.35f);
    }
    y = top - height - 8;
  }

  void paragraph(String text, PDFont font, float size, float indent) throws IOException {
    for (String line : wrap(text, font, size, width - indent)) {
      reserve(size * 1.35f);
      out.beginText();
      out.setFont(font, size);
      out.newLineAtOffset(MARGIN + indent, y + size * 0.35f);
      out.showText(line);
      out.endText();
    }
  }

  void text(String text, PDFont font, float size, float x, float baseline) throws IOException {
    out.beginText();
    out.setFont(font, size);
    out.newLineAtOffset(x, baseline);
    out.showText(text);
    out.endText();
  }

  /** Draws a horizontal line across the text area at {@code at}. */
  void rule(float at) throws IOException {
    out.setLineWidth(0.4f);
    out.moveTo(MARGIN, at);
    out.lineTo(MARGIN + width, at);
    out.stroke();
  }

  PDFont regular() {
    return regular;
  }

  PDFont bold() {
    return bold;
  }

  static List<String> wrap(String text, PDFont font, float size, float width) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String para : text.replace("\r", "").replace("\t", " ").split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : para.split(" ")) {
        String candidate = line.length() == 0 ? word : line + " " + word;
        if (line.length() > 0 && font.getStringWidth(candidate) / 1000 * size > width) {
          lines.add(line.toString());
          line = new StringBuilder(word);
        } else {
          line = new StringBuilder(candidate);
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
