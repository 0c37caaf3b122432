package eu.mlagw.pdf;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Measures, before PDFBox sees a PDF, how many bytes its Flate-compressed streams unpack to, and
 * stops counting at a limit. PDFBox decodes a stream completely into memory when it needs it
 * (object and cross-reference streams already while loading), so a 260 KB file whose stream unpacks
 * to 256 MiB exhausts the heap; this check refuses it first, with a few milliseconds of inflating
 * into a fixed scratch buffer. Every {@code stream} keyword is tried as the start of zlib (or raw
 * deflate) data; data that is not deflate fails on its first bytes and is skipped. Hand-written
 * because PDFBox has no decode limit. Not covered: a Flate stream hidden behind another filter first
 * (e.g. ASCIIHexDecode then FlateDecode) — see the threat model. Thread-safe (no state).
 */
final class InflationCheck {
  private static final byte[] KEYWORD = {'s', 't', 'r', 'e', 'a', 'm'};

  private InflationCheck() {}

  /** Whether the Flate streams of {@code pdf} unpack to more than {@code limit} bytes in all. */
  static boolean exceeds(byte[] pdf, long limit) {
    byte[] scratch = new byte[64 * 1024];
    long total = 0;
    for (int i = indexOf(pdf, 0); i >= 0; i = indexOf(pdf, i + KEYWORD.length)) {
      int start = i + KEYWORD.length;
      while (start < pdf.length && (pdf[start] == '\r' || pdf[start] == '\n' || pdf[start] == ' '
          || pdf[start] == '\t' || pdf[start] == '\f' || pdf[start] == 0)) {
        start++;
      }
      if (start >= pdf.length) {
        break;
      }
      for (boolean raw : new boolean[] {false, true}) {
        long n = inflated(pdf, start, raw, limit - total, scratch);
        if (n > 0) {
          total += n;
          break;
        }
      }
      if (total > limit) {
        return true;
      }
    }
    return false;
  }

  /** Bytes the deflate data at {@code start} unpacks to, counted up to {@code budget} + 1; 0 if not deflate. */
  private static long inflated(byte[] pdf, int start, boolean raw, long budget, byte[] scratch) {
    Inflater inflater = new Inflater(raw);
    try {
      inflater.setInput(pdf, start, pdf.length - start);
      long n = 0;
      while (!inflater.finished() && n <= budget) {
        int got = inflater.inflate(scratch);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      return n;
    } catch (DataFormatException e) {
      return 0; // not deflate data (or damaged): PDFBox fails on it the same way, without unpacking
    } finally {
      inflater.end();
    }
  }

  private static int indexOf(byte[] data, int from) {
    outer:
    for (int i = from; i <= data.length - KEYWORD.length; i++) {
      for (int k = 0; k < KEYWORD.length; k++) {
        if (data[i + k] != KEYWORD[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
