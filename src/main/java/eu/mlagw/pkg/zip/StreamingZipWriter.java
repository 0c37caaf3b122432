package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipFormat.CENTRAL_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.DOS_DATE_1980;
import static eu.mlagw.pkg.zip.ZipFormat.EOCD_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.FLAG_UTF8;
import static eu.mlagw.pkg.zip.ZipFormat.LOCAL_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.MAX16;
import static eu.mlagw.pkg.zip.ZipFormat.MAX32;
import static eu.mlagw.pkg.zip.ZipFormat.STORED;
import static eu.mlagw.pkg.zip.ZipFormat.VERSION_DEFAULT;
import static eu.mlagw.pkg.zip.ZipFormat.VERSION_ZIP64;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_EOCD_BODY;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_EOCD_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_EXTRA_ID;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_LOCATOR_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.hex32;
import static eu.mlagw.pkg.zip.ZipFormat.put16;
import static eu.mlagw.pkg.zip.ZipFormat.put32;
import static eu.mlagw.pkg.zip.ZipFormat.put64;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a ZIP container of STORED entries to a plain, non-seekable stream in a single pass.
 *
 * <p>Every local header already carries the entry's CRC-32 and sizes (the caller knows them from a
 * pre-pass), so no data descriptors are written and a streaming reader can check each entry as it
 * goes. Entries of 4 GiB and more, offsets of 4 GiB and more and 65,535 entries or more switch to
 * ZIP64 fields exactly where needed; other entries get no extra field at all, which keeps a first
 * {@code mimetype} entry ASiC-conformant (stored, no extra field). Names are UTF-8 (flag bit 11)
 * and must pass the same checks {@link StrictZipReader} applies. Output is deterministic:
 * timestamps are fixed at 1980-01-01 00:00 and the only attribute is the DOS folder bit.
 *
 * <p>{@link #finish()} (or {@link #close()}) writes the central directory and end records and
 * flushes, but never closes the underlying stream: the caller owns it and typically still has to
 * finish an encryption layer around the container. After any failure the writer is spent, the
 * bytes written so far are not a valid container and must be discarded, and close() writes
 * nothing. Not thread-safe.
 */
public final class StreamingZipWriter implements Closeable {
  private static final int COPY_BUFFER = 64 * 1024;

  private enum State { OPEN, FINISHED, FAILED }

  private record CentralEntry(byte[] name, boolean directory, long crc, long size, long offset) {}

  private final OutputStream out;
  /** Sizes and offsets at or above this use ZIP64 fields; lowered only by tests. */
  private final long zip64Threshold;
  private final List<CentralEntry> entries = new ArrayList<>();
  private final NameRegistry names = new NameRegistry();
  private byte[] copyBuffer;
  private long offset;
  private State state = State.OPEN;

  /** Writes to {@code out}, which stays open; the container starts at its current position. */
  public StreamingZipWriter(OutputStream out) {
    this(out, MAX32);
  }

  StreamingZipWriter(OutputStream out, long zip64Threshold) {
    this.out = new BufferedOutputStream(out, COPY_BUFFER);
    this.zip64Threshold = zip64Threshold;
  }

  /**
   * Computes the size and CRC-32 of a file: the pre-pass for {@link #addStored(String, long, long,
   * InputStream)}.
   */
  public static SizeAndCrc sizeAndCrc32(Path file) throws GatewayException {
    CRC32 crc = new CRC32();
    long size = 0;
    byte[] buf = new byte[COPY_BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        crc.update(buf, 0, n);
        size += n;
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "reading " + file + " failed: "
          + e.getMessage() + "; check that the file exists and is readable", e);
    }
    return new SizeAndCrc(size, crc.getValue());
  }

  /**
   * Adds a small in-memory entry such as {@code mimetype} or an XML document; a name ending in '/'
   * adds a folder and needs empty content.
   */
  public void addStored(String name, byte[] content) throws GatewayException {
    CRC32 crc = new CRC32();
    crc.update(content);
    long start = offset;
    boolean directory = begin(name, content.length);
    try {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      write(localHeader(nameBytes, content.length, crc.getValue()));
      write(content, 0, content.length);
      entries.add(new CentralEntry(nameBytes, directory, crc.getValue(), content.length, start));
    } catch (GatewayException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * Adds an entry of {@code size} bytes with CRC-32 {@code crc32}, both from a pre-pass, copying
   * exactly {@code size} bytes from {@code content} (which is not closed).
   *
   * @return the number of content bytes written, always {@code size}
   * @throws GatewayException DOCUMENT_CHANGED if the content is shorter, longer or has another
   *     CRC-32 than the pre-pass found; IO_ERROR if reading or writing fails
   */
  public long addStored(String name, long size, long crc32, InputStream content)
      throws GatewayException {
    if (size < 0 || crc32 < 0 || crc32 > MAX32) {
      throw new IllegalArgumentException("size must be >= 0 and crc32 a 32-bit value; got "
          + size + ", " + crc32);
    }
    long start = offset;
    boolean directory = begin(name, size);
    try {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      write(localHeader(nameBytes, size, crc32));
      long actualCrc = copy(name, size, content);
      if (actualCrc != crc32) {
        throw changed(name, "its content differs from the pre-pass (CRC-32 " + hex32(crc32)
            + " then, " + hex32(actualCrc) + " now)");
      }
      entries.add(new CentralEntry(nameBytes, directory, crc32, size, start));
      return size;
    } catch (GatewayException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /** Container bytes produced so far (some may still sit in the internal buffer). */
  public long bytesWritten() {
    return offset;
  }

  /**
   * Writes the central directory and end records and flushes; returns the container's length.
   * Idempotent once it succeeded.
   *
   * @throws IllegalStateException if an earlier call failed: the container is unusable
   */
  public long finish() throws GatewayException {
    if (state == State.FINISHED) {
      return offset;
    }
    requireOpen();
    try {
      long cdStart = offset;
      for (CentralEntry e : entries) {
        write(centralHeader(e));
      }
      long cdSize = offset - cdStart;
      long count = entries.size();
      if (count >= MAX16 || cdSize >= zip64Threshold || cdStart >= zip64Threshold) {
        write(zip64End(count, cdSize, cdStart));
      }
      write(end(count, cdSize, cdStart));
      flush();
      state = State.FINISHED;
      return offset;
    } catch (GatewayException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * Finishes the container unless it was finished or a write failed (then the output is garbage
   * anyway and no central directory is appended). Never closes the underlying stream.
   *
   * @throws GatewayIOException carrying the GatewayException if finishing fails
   */
  @Override
  public void close() throws IOException {
    if (state == State.OPEN) {
      try {
        finish();
      } catch (GatewayException e) {
        throw new GatewayIOException(e);
      }
    }
  }

  /** Checks the writer state and the name; returns whether the name is a folder. */
  private boolean begin(String name, long size) throws GatewayException {
    requireOpen();
    try {
      boolean directory = ZipNames.check(name);
      if (directory && size != 0) {
        throw new IllegalArgumentException("folder entry " + ZipNames.printable(name)
            + " must have no content; got " + size + " bytes");
      }
      int length = name.getBytes(StandardCharsets.UTF_8).length;
      if (length > MAX16) {
        throw new GatewayException(ReasonCode.MALFORMED, "entry name " + ZipNames.printable(name)
            + " is " + length + " bytes long in UTF-8; allowed: at most " + MAX16
            + ". Shorten the file or folder names");
      }
      names.add(name, directory);
      return directory;
    } catch (GatewayException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("the ZIP writer is " + (state == State.FINISHED
          ? "finished" : "unusable after an earlier failure") + "; start a new container");
    }
  }

  /** Copies exactly {@code size} bytes and returns their CRC-32; the source must then be at EOF. */
  private long copy(String name, long size, InputStream content) throws GatewayException {
    if (copyBuffer == null) {
      copyBuffer = new byte[COPY_BUFFER];
    }
    byte[] buf = copyBuffer;
    CRC32 crc = new CRC32();
    long left = size;
    while (left > 0) {
      int n = readContent(name, content, buf, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw changed(name, "it became shorter: the pre-pass read " + size
            + " bytes, now it ends after " + (size - left));
      }
      crc.update(buf, 0, n);
      write(buf, 0, n);
      left -= n;
    }
    if (readContent(name, content, buf, 1) >= 0) {
      throw changed(name, "it became longer than the " + size + " bytes the pre-pass read");
    }
    return crc.getValue();
  }

  private static int readContent(String name, InputStream in, byte[] buf, int len)
      throws GatewayException {
    try {
      int n;
      do {
        n = in.read(buf, 0, len);
      } while (n == 0);
      return n;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "reading document "
          + ZipNames.printable(name) + " failed: " + e.getMessage()
          + "; check that it is readable and seal again", e);
    }
  }

  private static GatewayException changed(String name, String what) {
    return new GatewayException(ReasonCode.DOCUMENT_CHANGED, "document " + ZipNames.printable(name)
        + " changed while it was being sealed: " + what + ". Seal again once nothing is writing"
        + " to it; discard the incomplete package");
  }

  private byte[] localHeader(byte[] name, long size, long crc) {
    boolean zip64 = size >= zip64Threshold;
    byte[] h = new byte[30 + name.length + (zip64 ? 20 : 0)];
    put32(h, 0, LOCAL_SIG);
    put16(h, 4, zip64 ? VERSION_ZIP64 : VERSION_DEFAULT);
    put16(h, 6, FLAG_UTF8);
    put16(h, 8, STORED);
    put16(h, 10, 0);
    put16(h, 12, DOS_DATE_1980);
    put32(h, 14, crc);
    put32(h, 18, zip64 ? MAX32 : size);
    put32(h, 22, zip64 ? MAX32 : size);
    put16(h, 26, name.length);
    put16(h, 28, zip64 ? 20 : 0);
    System.arraycopy(name, 0, h, 30, name.length);
    if (zip64) { // APPNOTE 4.5.3: a local ZIP64 field holds both sizes
      int x = 30 + name.length;
      put16(h, x, ZIP64_EXTRA_ID);
      put16(h, x + 2, 16);
      put64(h, x + 4, size);
      put64(h, x + 12, size);
    }
    return h;
  }

  private byte[] centralHeader(CentralEntry e) {
    boolean bigSize = e.size >= zip64Threshold;
    boolean bigOffset = e.offset >= zip64Threshold;
    int zip64Data = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
    int extra = zip64Data == 0 ? 0 : 4 + zip64Data;
    int version = zip64Data == 0 ? VERSION_DEFAULT : VERSION_ZIP64;
    byte[] h = new byte[46 + e.name.length + extra];
    put32(h, 0, CENTRAL_SIG);
    put16(h, 4, version); // made by: MS-DOS host, so attributes below are DOS attributes
    put16(h, 6, version);
    put16(h, 8, FLAG_UTF8);
    put16(h, 10, STORED);
    put16(h, 12, 0);
    put16(h, 14, DOS_DATE_1980);
    put32(h, 16, e.crc);
    put32(h, 20, bigSize ? MAX32 : e.size);
    put32(h, 24, bigSize ? MAX32 : e.size);
    put16(h, 28, e.name.length);
    put16(h, 30, extra);
    put16(h, 32, 0); // comment length
    put16(h, 34, 0); // disk number
    put16(h, 36, 0); // internal attributes
    put32(h, 38, e.directory ? 0x10 : 0); // DOS directory attribute
    put32(h, 42, bigOffset ? MAX32 : e.offset);
    System.arraycopy(e.name, 0, h, 46, e.name.length);
    if (extra > 0) { // APPNOTE 4.5.3: only the overflowing fields, in this order
      int x = 46 + e.name.length;
      put16(h, x, ZIP64_EXTRA_ID);
      put16(h, x + 2, zip64Data);
      x += 4;
      if (bigSize) {
        put64(h, x, e.size);
        put64(h, x + 8, e.size);
        x += 16;
      }
      if (bigOffset) {
        put64(h, x, e.offset);
      }
    }
    return h;
  }

  /** ZIP64 end of central directory record followed by its locator. */
  private byte[] zip64End(long count, long cdSize, long cdStart) {
    byte[] h = new byte[56 + 20];
    put32(h, 0, ZIP64_EOCD_SIG);
    put64(h, 4, ZIP64_EOCD_BODY);
    put16(h, 12, VERSION_ZIP64);
    put16(h, 14, VERSION_ZIP64);
    put32(h, 16, 0); // this disk
    put32(h, 20, 0); // disk with the central directory
    put64(h, 24, count);
    put64(h, 32, count);
    put64(h, 40, cdSize);
    put64(h, 48, cdStart);
    put32(h, 56, ZIP64_LOCATOR_SIG);
    put32(h, 60, 0); // disk with the ZIP64 end record
    put64(h, 64, offset); // the record starts where this array will be written
    put32(h, 72, 1); // total number of disks
    return h;
  }

  /** End of central directory; fields that overflow hold all ones and defer to ZIP64. */
  private byte[] end(long count, long cdSize, long cdStart) {
    byte[] h = new byte[22];
    put32(h, 0, EOCD_SIG);
    put16(h, 4, 0);
    put16(h, 6, 0);
    put16(h, 8, (int) Math.min(count, MAX16));
    put16(h, 10, (int) Math.min(count, MAX16));
    put32(h, 12, cdSize >= zip64Threshold ? MAX32 : cdSize);
    put32(h, 16, cdStart >= zip64Threshold ? MAX32 : cdStart);
    put16(h, 20, 0); // comment length
    return h;
  }

  private void write(byte[] b) throws GatewayException {
    write(b, 0, b.length);
  }

  private void write(byte[] b, int off, int len) throws GatewayException {
    try {
      out.write(b, off, len);
      offset += len;
    } catch (IOException e) {
      throw writeFailed(e);
    }
  }

  private void flush() throws GatewayException {
    try {
      out.flush();
    } catch (IOException e) {
      throw writeFailed(e);
    }
  }

  private GatewayException writeFailed(IOException e) {
    // an encrypting stream below may report its own verdict this way
    return GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "writing the container failed after "
        + offset + " bytes (check free disk space and permissions)");
  }
}
