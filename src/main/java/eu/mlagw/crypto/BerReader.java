package eu.mlagw.crypto;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A minimal streaming reader of BER/DER tag-length-value headers, used to walk CMS
 * AuthEnvelopedData without buffering its (possibly huge) encrypted content. It counts the bytes it
 * consumed so callers can check that definite-length containers end exactly where they said.
 * Never reads past what it is asked for, so several CMS objects can follow one another in a stream.
 *
 * <p>Bounded by construction: nothing here recurses over the input's nesting (indefinite-length
 * elements are walked with a counter and refused beyond {@link BerStructureCheck#MAX_DEPTH}), an
 * element copied into memory is bounded by its caller's maximum, and every element handed to Bouncy
 * Castle has passed {@link BerStructureCheck}. Structural problems throw {@link BerStructureException}
 * (the input is malformed), truncation throws {@link EOFException}. Not thread-safe.
 */
final class BerReader {
  /** Length value for the indefinite form. */
  static final long INDEFINITE = -1;

  private final InputStream in;
  private long position;

  /** @param in must support mark/reset (e.g. a BufferedInputStream) */
  BerReader(InputStream in) {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("BerReader needs a stream with mark/reset");
    }
    this.in = in;
  }

  long position() {
    return position;
  }

  /** Returns the next identifier octet without consuming it, or -1 at end of stream. */
  int peekTag() throws IOException {
    in.mark(1);
    int b = in.read();
    in.reset();
    return b;
  }

  /** Reads one identifier octet (low-tag-number form only); returns -1 at a clean end of stream. */
  int readTagOrEnd() throws IOException {
    int b = in.read();
    if (b < 0) {
      return -1;
    }
    position++;
    if ((b & 0x1f) == 0x1f) {
      throw new BerStructureException("high tag numbers are not used in CMS envelopes (identifier 0x"
          + Integer.toHexString(b) + " at offset " + (position - 1) + ")");
    }
    return b;
  }

  int readTag() throws IOException {
    int tag = readTagOrEnd();
    if (tag < 0) {
      throw new EOFException("envelope ends early at offset " + position);
    }
    return tag;
  }

  /** Reads a length; returns {@link #INDEFINITE} for the indefinite form. */
  long readLength() throws IOException {
    int b = readByte();
    if (b < 0x80) {
      return b;
    }
    if (b == 0x80) {
      return INDEFINITE;
    }
    int n = b & 0x7f;
    if (n > 7) {
      throw new BerStructureException("a length field of " + n + " octets at offset " + position
          + " declares more than any envelope holds; allowed: at most 7 octets");
    }
    long len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | readByte();
    }
    return len;
  }

  /** Expects a tag; throws naming what was expected and found. */
  long expect(int tag, String what) throws IOException {
    int got = readTag();
    if (got != tag) {
      throw new BerStructureException("expected " + what + " (tag 0x" + Integer.toHexString(tag) + ") at offset "
          + (position - 1) + " but found tag 0x" + Integer.toHexString(got));
    }
    return readLength();
  }

  /** Reads the two zero octets that end an indefinite-length element. */
  void expectEndOfContents(String what) throws IOException {
    int a = readByte();
    int b = readByte();
    if (a != 0 || b != 0) {
      throw new BerStructureException("expected the end of " + what + " at offset " + (position - 2) + " but found more data");
    }
  }

  /**
   * Reads the rest of an element whose tag and length were already read and returns it whole,
   * re-encoded with its header, after checking its structure with {@link BerStructureCheck}, so
   * Bouncy Castle can parse it safely. Only for small elements (headers, recipient infos); {@code
   * max} bounds the size and {@code part} names the element in messages.
   */
  byte[] readElement(int tag, long length, int max, String part) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (length == INDEFINITE) {
      out.write(0x80);
      copyIndefiniteBody(out, max, part);
    } else {
      if (length > max) {
        throw new BerStructureException(part + " at offset " + position + " declares " + length
            + " bytes; allowed: at most " + max);
      }
      writeLength(out, length);
      out.write(readFully((int) length));
    }
    byte[] element = out.toByteArray();
    BerStructureCheck.check(element, part);
    return element;
  }

  /**
   * Skips the body of an element whose header was read (any size; streams). Indefinite-length
   * nesting is followed with a counter, not recursion; definite-length content is skipped unread.
   */
  void skipBody(long length, String part) throws IOException {
    if (length != INDEFINITE) {
      skipBytes(length);
      return;
    }
    int depth = 1;
    while (depth > 0) {
      long at = position;
      int tag = readTag();
      long len = readLength();
      if (tag == 0 && len == 0) {
        depth--;
      } else if (len == INDEFINITE) {
        depth = deeper(depth, tag, at, part);
      } else {
        skipBytes(len);
      }
    }
  }

  private void skipBytes(long length) throws IOException {
    long left = length;
    byte[] buf = new byte[8192];
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new EOFException("envelope ends early at offset " + position);
      }
      position += n;
      left -= n;
    }
  }

  /** Copies an indefinite-length body up to and including its end-of-contents, iteratively. */
  private void copyIndefiniteBody(ByteArrayOutputStream out, int max, String part) throws IOException {
    int depth = 1;
    while (depth > 0) {
      long at = position;
      int tag = readTag();
      long len = readLength();
      out.write(tag);
      if (tag == 0 && len == 0) {
        out.write(0);
        depth--;
      } else if (len == INDEFINITE) {
        out.write(0x80);
        depth = deeper(depth, tag, at, part);
      } else {
        if (len > max - out.size()) {
          throw new BerStructureException(part + " exceeds " + max + " bytes (at offset " + at
              + "); allowed: at most " + max);
        }
        writeLength(out, len);
        out.write(readFully((int) len));
      }
      if (out.size() > max) {
        throw new BerStructureException(part + " exceeds " + max + " bytes (at offset " + at
            + "); allowed: at most " + max);
      }
    }
  }

  private static int deeper(int depth, int tag, long at, String part) throws BerStructureException {
    if ((tag & 0x20) == 0) {
      throw new BerStructureException(part + ": the primitive element at offset " + at
          + " has an indefinite length");
    }
    if (depth + 1 > BerStructureCheck.MAX_DEPTH) {
      throw new BerStructureException(part + " nests deeper than " + BerStructureCheck.MAX_DEPTH
          + " levels (at offset " + at + "); no CMS envelope needs that");
    }
    return depth + 1;
  }

  byte[] readFully(int n) throws IOException {
    byte[] buf = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(buf, off, n - off);
      if (r < 0) {
        throw new EOFException("envelope ends early at offset " + position);
      }
      off += r;
      position += r;
    }
    return buf;
  }

  /** Bulk read of at most {@code len} bytes of content; -1 at end of stream. */
  int read(byte[] buf, int off, int len) throws IOException {
    int r = in.read(buf, off, len);
    if (r > 0) {
      position += r;
    }
    return r;
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("envelope ends early at offset " + position);
    }
    position++;
    return b;
  }

  private static void writeLength(ByteArrayOutputStream out, long length) {
    if (length < 0x80) {
      out.write((int) length);
      return;
    }
    int n = 0;
    for (long l = length; l > 0; l >>>= 8) {
      n++;
    }
    out.write(0x80 | n);
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (length >>> (8 * i)));
    }
  }
}
