package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
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

  /**
   * Parsed fonts kept per thread (softly: the collector may take them back under memory pressure).
   * Parsing DejaVu (0.7 MB) was the largest single cost of a cover sheet or receipt. A parsed
   * TrueTypeFont is not thread-safe, but a thread builds and saves one document at a time, and
   * {@code PDType0Font.load(doc, ttf, subset)} neither closes nor registers it for closing (PDFBox
   * 3.0.x), so the same parsed font serves the thread's next document.
   */
  private static final ThreadLocal<java.util.Map<String, java.lang.ref.SoftReference<TrueTypeFont>>> PARSED =
      ThreadLocal.withInitial(java.util.HashMap::new);

  private static PDType0Font load(PDDocument doc, String resource, boolean wholeFont) throws GatewayException {
    try {
      return PDType0Font.load(doc, parsed(resource), !wholeFont);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot load the font " + resource + ": " + e.getMessage(), e);
    }
  }

  private static TrueTypeFont parsed(String resource) throws GatewayException, IOException {
    java.lang.ref.SoftReference<TrueTypeFont> ref = PARSED.get().get(resource);
    TrueTypeFont ttf = ref == null ? null : ref.get();
    if (ttf == null) {
      try (InputStream in = PdfFonts.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new GatewayException(ReasonCode.CONFIG_INVALID, "the font " + resource + " is missing from the "
              + "classpath; the distribution ships it under src/main/resources/fonts/");
        }
        ttf = new TTFParser().parse(new RandomAccessReadBuffer(in));
      }
      PARSED.get().put(resource, new java.lang.ref.SoftReference<>(ttf));
    }
    return ttf;
  }
}
