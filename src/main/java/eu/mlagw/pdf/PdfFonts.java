package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * DejaVu Sans (shipped in {@code fonts/}, free licence) embedded into a document: the standard 14
 * PDF fonts cannot draw Cyrillic or all Latin letters of the region. Forms get the whole font
 * ({@code subset=false}) so that any reader can render what the prosecutor types; text-only
 * documents get a subset (smaller files). Each font is parsed once per JVM and shared by all threads
 * ({@link SharedFont}); thread-safe.
 */
public final class PdfFonts {
  private static final SharedFont REGULAR = new SharedFont("/fonts/DejaVuSans.ttf");
  private static final SharedFont BOLD = new SharedFont("/fonts/DejaVuSans-Bold.ttf");

  private PdfFonts() {}

  public static PDType0Font regular(PDDocument doc, boolean wholeFont) throws GatewayException {
    return load(doc, REGULAR, wholeFont);
  }

  public static PDType0Font bold(PDDocument doc) throws GatewayException {
    return load(doc, BOLD, false);
  }

  private static PDType0Font load(PDDocument doc, SharedFont font, boolean wholeFont) throws GatewayException {
    try {
      return PDType0Font.load(doc, font.get(), !wholeFont);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot embed a font: " + e.getMessage(), e);
    }
  }
}
