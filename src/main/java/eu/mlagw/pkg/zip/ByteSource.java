package eu.mlagw.pkg.zip;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;

/**
 * The reader's view of its input: a 64 KiB buffer over a non-seekable stream that counts every byte
 * the parser consumes. Bytes are only counted when consumed, so the inflater can be fed straight
 * from the buffer and whatever it does not use (the bytes after a deflate stream) simply stays
 * buffered for the next header: no pushback copying is needed.
 */
final class ByteSource {
  static final int BUFFER_SIZE = 64 * 1024;

  private final InputStream in;
  private final byte[] buf = new byte[BUFFER_SIZE];
  private int pos;
  private int lim;
  private long position;
  private boolean eof;

  ByteSource(InputStream in) {
    this.in = in;
  }

  /** Bytes consumed so far, which is also the archive offset of the next unconsumed byte. */
  long position() {
    return position;
  }

  byte[] array() {
    return buf;
  }

  /** Index in {@link #array()} of the next unconsumed byte. */
  int offset() {
    return pos;
  }

  /** Marks {@code n} buffered bytes as consumed; {@code n} never exceeds what is buffered. */
  void consume(int n) {
    pos += n;
    position += n;
  }

  /**
   * Makes at least {@code n} bytes (at most {@link #BUFFER_SIZE}) available from {@link #offset()},
   * fewer only where the input ends. Returns how many are available.
   */
  int fill(int n) throws GatewayException {
    if (lim - pos >= n) {
      return lim - pos;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    while (lim < n && !eof) {
      int r = readIn(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
      } else {
        lim += r;
      }
    }
    return lim - pos;
  }

  /**
   * Reads up to {@code len} bytes, at least one unless the input has ended (then -1). Large reads
   * with an empty buffer go straight from the input into {@code dst} to avoid a copy.
   */
  int read(byte[] dst, int off, int len) throws GatewayException {
    int avail = lim - pos;
    if (avail == 0) {
      if (len >= buf.length && !eof) {
        int r = readIn(dst, off, len);
        if (r < 0) {
          eof = true;
        } else {
          position += r;
        }
        return r;
      }
      if (fill(1) == 0) {
        return -1;
      }
      avail = lim - pos;
    }
    int n = Math.min(avail, len);
    System.arraycopy(buf, pos, dst, off, n);
    consume(n);
    return n;
  }

  /** Reads exactly {@code len} bytes or fails with "container ends early" naming {@code where}. */
  void readFully(byte[] dst, int off, int len, String where) throws GatewayException {
    while (len > 0) {
      int n = read(dst, off, len);
      if (n < 0) {
        throw truncated(where);
      }
      off += n;
      len -= n;
    }
  }

  /** Reads {@code len} bytes into a new array (headers, names, extra fields and comments). */
  byte[] readBytes(int len, String where) throws GatewayException {
    byte[] b = new byte[len];
    readFully(b, 0, len, where);
    return b;
  }

  /** Whether the input has no byte left. */
  boolean atEnd() throws GatewayException {
    return fill(1) == 0;
  }

  GatewayException truncated(String where) {
    return new GatewayException(ReasonCode.MALFORMED, "container ends early: the input stops in "
        + where + " after " + position + " bytes; the package is incomplete or was cut off in"
        + " transfer — ask the sender to send it again");
  }

  private int readIn(byte[] dst, int off, int len) throws GatewayException {
    try {
      int r;
      do {
        r = in.read(dst, off, len);
      } while (r == 0);
      return r;
    } catch (IOException e) {
      // a decrypting stream below may report its own verdict (e.g. ENVELOPE_TAMPERED) this way
      throw GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "reading the container failed after "
          + position + " bytes (check the input file and try again)");
    }
  }
}
