package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * One TrueType font of the classpath, parsed once per JVM and then shared read-only by every thread
 * that builds a document ({@code PDType0Font.load(doc, ttf, subset)} can back any number of
 * documents with one parsed font).
 *
 * <p>Why shared: a parsed DejaVu Sans with its character maps holds about 4 MiB of heap. Kept per
 * thread (as before), 16 listener workers plus the exchange threads held more than the launcher's
 * default heap of 128 MiB in fonts alone (issue 10: OutOfMemoryError at {@code PdfFonts.load}).
 *
 * <p>Thread safety (fontbox 3.0.x, read in its byte code): a parsed font reads its tables from its
 * data lazily, on first use, and that first read is not synchronized; so {@link #get()} reads every
 * table before it publishes the font, under a lock. After that, tables are only read: raw table
 * bytes ({@code getTableBytes}, used by the subsetter), glyph outlines ({@code GlyphTable.getGlyph})
 * and PostScript names are read under fontbox's own locks, {@code getOriginalData()} is a new stream
 * over an in-memory array each time, and {@code close()} (called by PDFBox after subsetting) does
 * nothing on an in-memory font. PDFBox's own font cache shares parsed fonts across threads the same
 * way. The font is never closed: it lives as long as the JVM.
 *
 * <p>Glyph substitution (the font's GSUB table: ligatures such as "fi") is switched off, so the
 * text of every PDF extracts as the letters written.
 */
final class SharedFont {
  private final String resource;
  private volatile TrueTypeFont parsed;

  SharedFont(String resource) {
    this.resource = resource;
  }

  /** The parsed font; parses it on the first call (a failure is not remembered: the next call tries again). */
  TrueTypeFont get() throws GatewayException {
    TrueTypeFont font = parsed;
    if (font == null) {
      synchronized (this) {
        font = parsed;
        if (font == null) {
          font = parse();
          parsed = font;
        }
      }
    }
    return font;
  }

  private TrueTypeFont parse() throws GatewayException {
    try (InputStream in = SharedFont.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "the font " + resource + " is missing from the "
            + "classpath; the distribution ships it under src/main/resources/fonts/");
      }
      TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(in));
      readEveryTable(font);
      // No glyph substitution (GSUB): PDFBox would otherwise draw "fi" as the ligature glyph, and
      // text extraction (search, copy, a court's e-filing system) would return "ﬁ" (U+FB01), not
      // the letters written. Latin, Cyrillic and Greek need no substitution to read correctly.
      font.setEnableGsub(false);
      return font;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot load the font " + resource + ": " + e.getMessage(), e);
    }
  }

  /** Reads every table a document build may touch, so that no thread reads one lazily later. */
  private static void readEveryTable(TrueTypeFont font) throws IOException {
    font.getHeader();
    font.getHorizontalHeader();
    font.getMaximumProfile();
    font.getOS2Windows();
    font.getPostScript();
    font.getNaming();
    font.getHorizontalMetrics();
    font.getIndexToLocation();
    font.getGlyph();
    font.getCmap();
    font.getKerning();
    font.getGsub();
    font.getGsubData();
    font.getVerticalHeader();
    font.getVerticalMetrics();
    font.getVerticalOrigin();
    font.getUnicodeCmapLookup();
    font.getName();
    font.nameToGID(".notdef"); // builds the PostScript name map
  }
}
