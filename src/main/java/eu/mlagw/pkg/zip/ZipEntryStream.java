package eu.mlagw.pkg.zip;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * One entry of a container being read by {@link StrictZipReader}: its name and declared sizes, and
 * (as this stream) its uncompressed content.
 *
 * <p>Reading to the end (-1) means the content's CRC-32 and sizes were verified; the final bytes
 * are held back until then. Failures arrive as {@link GatewayIOException} carrying the {@link
 * GatewayException}. The stream stays readable until the next call to {@link
 * StrictZipReader#next()}, which skips and verifies whatever was not read; {@link #close()} does
 * nothing.
 */
public final class ZipEntryStream extends InputStream {
  /** Method number of entries stored without compression. */
  public static final int STORED = ZipFormat.STORED;
  /** Method number of deflate-compressed entries. */
  public static final int DEFLATED = ZipFormat.DEFLATED;

  private final StrictZipReader reader;
  private final LocalHeader header;
  private final EntryDecoder decoder;
  private boolean detached;

  ZipEntryStream(StrictZipReader reader, LocalHeader header, EntryDecoder decoder) {
    this.reader = reader;
    this.header = header;
    this.decoder = decoder;
  }

  /** The entry name: a checked relative path with '/' separators; folders end in '/'. */
  public String name() {
    return header.name();
  }

  /** {@link #STORED} or {@link #DEFLATED}. */
  public int method() {
    return header.method();
  }

  /** Whether the entry is a folder (its name ends in '/'; it has no content). */
  public boolean isDirectory() {
    return header.directory();
  }

  /** Uncompressed size from the local header, or -1 if it follows the content (descriptor). */
  public long declaredSize() {
    return header.knownSize();
  }

  /** Compressed size from the local header, or -1 if it follows the content (descriptor). */
  public long declaredCompressedSize() {
    return header.knownCompressedSize();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    GatewayException earlier = reader.failure();
    if (earlier != null) {
      throw new GatewayIOException(earlier);
    }
    if (detached || reader.isClosed()) {
      throw new IOException("the content of entry " + ZipNames.printable(header.name())
          + " can no longer be read: the reader has moved past it or was closed");
    }
    if (len == 0) {
      return 0;
    }
    try {
      return decoder.read(b, off, len);
    } catch (GatewayException e) {
      reader.fail(e);
      throw new GatewayIOException(e);
    }
  }

  /** Copies the rest of the content with a 64 KiB buffer (the default uses 8 KiB). */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    byte[] buf = new byte[ByteSource.BUFFER_SIZE];
    long total = 0;
    for (int n; (n = read(buf, 0, buf.length)) >= 0; ) {
      out.write(buf, 0, n);
      total += n;
    }
    return total;
  }

  /** Does nothing: the reader skips and verifies unread content on its next step. */
  @Override
  public void close() {}

  EntryDecoder decoder() {
    return decoder;
  }

  void detach() {
    detached = true;
  }
}
