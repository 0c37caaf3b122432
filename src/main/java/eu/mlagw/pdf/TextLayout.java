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
 * Top-to-bottom text on A4 pages: headings, label/value lines, wrapped paragraphs; opens a new page
 * when the current one is full. Not thread-safe; one per document. {@link #close()} ends the last page.
 */
final class TextLayout implements AutoCloseable {
  static final float MARGIN = 50;
  static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
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

  void heading(String text, float size) throws IOException {
    paragraph(text, bold, size, 0);
    y -= size * 0.4f;
  }

  /** "label: value" with the label in bold, value wrapped under it if long. */
  void field(String label, String value) throws IOException {
    paragraph(label, bold, 9, 0);
    paragraph(value == null || value.isBlank() ? "—" : value, regular, 10, 12);
    y -= 3;
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
