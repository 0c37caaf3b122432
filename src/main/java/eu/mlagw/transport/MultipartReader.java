package eu.mlagw.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code multipart/form-data} body part by part, each part's content as a stream that ends
 * at the next boundary: memory stays at one 64 KiB buffer whatever the part sizes. Header names
 * are lower-cased; header values are read as UTF-8. Not thread-safe; a part must be read (or is
 * skipped) before the next one is asked for.
 */
final class MultipartReader {
  private static final int MAX_HEADER_LINE = 8192;
  private static final int MAX_HEADERS = 50;
  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private PartStream current;
  private boolean finished;

  /** One part: its headers (lower-case names) and its content. */
  record Part(Map<String, String> headers, InputStream content) {
    /** A parameter of the Content-Disposition header, e.g. {@code name} or {@code filename}. */
    Optional<String> disposition(String parameter) {
      String value = headers.getOrDefault("content-disposition", "");
      for (String piece : value.split(";")) {
        String p = piece.strip();
        if (p.toLowerCase(Locale.ROOT).startsWith(parameter + "=")) {
          String v = p.substring(parameter.length() + 1);
          return Optional.of(v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
      }
      return Optional.empty();
    }
  }

  MultipartReader(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    // The first boundary has no CRLF before it: pretend one, so every delimiter looks the same.
    buf[0] = '\r';
    buf[1] = '\n';
    limit = 2;
  }

  /** The boundary parameter of a multipart Content-Type, if any. */
  static Optional<String> boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return Optional.empty();
    }
    for (String piece : contentType.split(";")) {
      String p = piece.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring(9).replace("\"", "");
        return b.isEmpty() || b.length() > 70 ? Optional.empty() : Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The next part, or empty after the closing boundary. Skips the rest of the previous part. */
  Optional<Part> next() throws IOException {
    if (finished) {
      return Optional.empty();
    }
    if (current == null) {
      new PartStream().transferTo(java.io.OutputStream.nullOutputStream()); // preamble
    } else {
      current.transferTo(java.io.OutputStream.nullOutputStream());
    }
    if (!fill(2)) {
      throw new IOException("the multipart body ends without its closing boundary");
    }
    if (buf[pos] == '-' && buf[pos + 1] == '-') {
      finished = true;
      return Optional.empty();
    }
    String rest = line(); // transport padding after the boundary
    if (!rest.isBlank()) {
      throw new IOException("unexpected text after a multipart boundary: " + rest);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line; !(line = line()).isEmpty(); ) {
      int colon = line.indexOf(':');
      if (colon < 1 || headers.size() >= MAX_HEADERS) {
        throw new IOException("malformed multipart header: " + line);
      }
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    current = new PartStream();
    return Optional.of(new Part(headers, current));
  }

  private String line() throws IOException {
    byte[] out = new byte[256];
    int n = 0;
    while (true) {
      if (!fill(1)) {
        throw new IOException("the multipart body ends inside a header");
      }
      byte b = buf[pos++];
      if (b == '\n') {
        int end = n > 0 && out[n - 1] == '\r' ? n - 1 : n;
        return new String(out, 0, end, StandardCharsets.UTF_8);
      }
      if (n == MAX_HEADER_LINE) {
        throw new IOException("a multipart header line is longer than " + MAX_HEADER_LINE + " bytes");
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = b;
    }
  }

  /** Makes at least {@code n} bytes available; false if the input ends first. */
  private boolean fill(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    limit -= pos;
    pos = 0;
    while (limit < n) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        return false;
      }
      limit += r;
    }
    return true;
  }

  private int indexOfDelimiter() {
    outer:
    for (int i = pos; i <= limit - delimiter.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The content of one part: ends (returns -1) where the next delimiter starts, and consumes it. */
  private final class PartStream extends InputStream {
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (!fill(delimiter.length)) {
        throw new IOException("the multipart body ends inside a part (connection cut or body truncated)");
      }
      int at = indexOfDelimiter();
      if (at == pos) {
        pos += delimiter.length;
        ended = true;
        return -1;
      }
      int available = at > 0 ? at - pos : limit - pos - delimiter.length + 1;
      int n = Math.min(len, available);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
