package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * DejaVu Sans (shipped in {@code fonts/}, free licence) embedded into a document: the standard 14
 * PDF fonts cannot draw Cyrillic or all Latin letters of the region. Forms get the whole font
 * ({@code subset=false}) so that any reader can render what the prosecutor types; text-only
 * documents get a subset (smaller files).
 */
public final class PdfFonts {
  private PdfFonts() {}

  public static PDType0Font regular(PDDocument doc, boolean wholeFont) throws GatewayException {
    return load(doc, "/fonts/DejaVuSans.ttf", wholeFont);
  }

  public static PDType0Font bold(PDDocument doc) throws GatewayException {
    return load(doc, "/fonts/DejaVuSans-Bold.ttf", false);
  }

  private static PDType0Font load(PDDocument doc, String resource, boolean wholeFont) throws GatewayException {
    try (InputStream in = PdfFonts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "the font " + resource + " is missing from the "
            + "classpath; the distribution ships it under src/main/resources/fonts/");
      }
      return PDType0Font.load(doc, in, !wholeFont);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot load the font " + resource + ": " + e.getMessage(), e);
    }
  }
}
