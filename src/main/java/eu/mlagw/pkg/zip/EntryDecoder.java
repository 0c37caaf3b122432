package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipFormat.DESCRIPTOR_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.MAX32;
import static eu.mlagw.pkg.zip.ZipFormat.STORED;
import static eu.mlagw.pkg.zip.ZipFormat.hex32;
import static eu.mlagw.pkg.zip.ZipFormat.u32;
import static eu.mlagw.pkg.zip.ZipFormat.u64;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Streams the content of one entry and verifies it. Guarantees: no byte beyond a limit or beyond
 * the declared size is ever returned; the last bytes of an entry are only returned after its CRC-32
 * and sizes (and data descriptor, if any) have been checked, so end-of-stream always means
 * "verified".
 */
final class EntryDecoder {
  private final LocalHeader header;
  private final ByteSource source;
  private final Inflater inflater;
  private final LimitGuard guard;
  private final CRC32 crc = new CRC32();
  private long produced;
  /** Bytes handed to the inflater that it has not consumed yet; they still sit in the source. */
  private int fed;
  private EntryRecord record;

  /** {@code inflater} must be reset; it is only used for DEFLATED entries. */
  EntryDecoder(LocalHeader header, ByteSource source, Inflater inflater, LimitGuard guard) {
    this.header = header;
    this.source = source;
    this.inflater = inflater;
    this.guard = guard;
  }

  /** The verified facts, or null while the entry has not been read to its end. */
  EntryRecord record() {
    return record;
  }

  /** Like {@link java.io.InputStream#read(byte[], int, int)}; {@code len} is at least 1. */
  int read(byte[] b, int off, int len) throws GatewayException {
    if (record != null) {
      return -1;
    }
    return header.method() == STORED ? readStored(b, off, len) : readDeflated(b, off, len);
  }

  /** Reads and verifies whatever the caller left unread. */
  void skipRest(byte[] scratch) throws GatewayException {
    while (read(scratch, 0, scratch.length) >= 0) {
      // the bytes are discarded, but CRC and limits are checked all the same
    }
  }

  // Hot path: a bulk copy from the source (often straight into b) plus the intrinsified CRC-32.
  private int readStored(byte[] b, int off, int len) throws GatewayException {
    long left = header.size() - produced;
    if (left == 0) {
      complete(produced);
      return -1;
    }
    int n = source.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw source.truncated("the content of entry " + ZipNames.printable(header.name()));
    }
    crc.update(b, off, n);
    produced += n;
    guard.addStored(n);
    if (produced == header.size()) {
      complete(produced);
    }
    return n;
  }

  private int readDeflated(byte[] b, int off, int len) throws GatewayException {
    while (true) {
      if (inflater.needsInput()) {
        feed();
      }
      int cap = guard.outputCap(produced, header.knownSize(), len);
      int n;
      try {
        n = inflater.inflate(b, off, cap);
      } catch (DataFormatException e) {
        throw new GatewayException(ReasonCode.MALFORMED, "the compressed content of entry "
            + ZipNames.printable(header.name()) + " is not valid deflate data (" + e.getMessage()
            + "); the package is damaged — ask the sender for a new one", e);
      }
      int used = fed - inflater.getRemaining();
      source.consume(used);
      fed -= used;
      if (n > 0) {
        crc.update(b, off, n);
        produced += n;
        guard.addInflated(header.name(), n, produced, header.knownSize(), inflater.getBytesRead());
      }
      if (inflater.finished()) {
        complete(inflater.getBytesRead());
        return n > 0 ? n : -1;
      }
      if (n > 0) {
        return n;
      }
      // no output, not finished: fine while input is being consumed, an error if nothing moves
      if (inflater.needsDictionary() || (used == 0 && !inflater.needsInput())) {
        throw new GatewayException(ReasonCode.MALFORMED, "the compressed content of entry "
            + ZipNames.printable(header.name()) + " needs a preset dictionary or stalls; allowed:"
            + " plain deflate data. Ask the sender for a new package");
      }
    }
  }

  /** Gives the inflater the buffered input, never more than the declared compressed size. */
  private void feed() throws GatewayException {
    int n = source.fill(1);
    if (n == 0) {
      throw source.truncated("the compressed content of entry "
          + ZipNames.printable(header.name()));
    }
    long declared = header.knownCompressedSize();
    if (declared >= 0) {
      long left = declared - inflater.getBytesRead();
      if (left <= 0) {
        throw malformed("the compressed content of entry " + ZipNames.printable(header.name())
            + " does not end within the " + declared + " bytes its header declares");
      }
      n = (int) Math.min(n, left);
    }
    inflater.setInput(source.array(), source.offset(), n);
    fed = n;
  }

  /** Checks the finished entry against its header or data descriptor and records it. */
  private void complete(long compressed) throws GatewayException {
    long crcValue = crc.getValue();
    String entry = "entry " + ZipNames.printable(header.name());
    if (header.hasDescriptor()) {
      readDescriptor(crcValue, compressed);
      boolean blank = header.crc() == 0 && header.compressedSize() == 0 && header.size() == 0;
      boolean same = header.crc() == crcValue && header.compressedSize() == compressed
          && header.size() == produced;
      if (!blank && !same) {
        throw malformed(entry + " has a data descriptor but its local header states different"
            + " values (CRC-32 " + hex32(header.crc()) + ", " + header.compressedSize() + " → "
            + header.size() + " bytes); allowed: zeros or the descriptor's values");
      }
    } else {
      if (compressed != header.compressedSize() || produced != header.size()) {
        throw malformed(entry + " has " + compressed + " compressed and " + produced
            + " uncompressed bytes, but its header declares " + header.compressedSize() + " and "
            + header.size() + "; the entry is damaged");
      }
      if (crcValue != header.crc()) {
        throw malformed(entry + " fails its CRC-32 check: got " + hex32(crcValue)
            + ", header declares " + hex32(header.crc()) + "; the entry is corrupt or was"
            + " altered");
      }
    }
    if (header.directory() && produced != 0) {
      throw malformed(entry + " is a folder but has " + produced + " bytes of content; allowed:"
          + " folders without content");
    }
    record = new EntryRecord(header, crcValue, compressed, produced);
  }

  /**
   * Reads the data descriptor: optional signature, CRC-32, then 4-byte sizes, or 8-byte sizes if
   * the local header had a ZIP64 field or a size does not fit 32 bits. Because the true values are
   * already known, the form with the signature is recognised by its values matching.
   */
  private void readDescriptor(long crcValue, long compressed) throws GatewayException {
    boolean wide = header.zip64() || compressed >= MAX32 || produced >= MAX32;
    int sizes = wide ? 16 : 8;
    int avail = source.fill(8 + sizes);
    byte[] a = source.array();
    int o = source.offset();
    boolean signed = avail >= 4 && u32(a, o) == DESCRIPTOR_SIG;
    int length;
    if (signed && avail >= 8 + sizes && matches(a, o + 4, wide, crcValue, compressed)) {
      length = 8 + sizes;
    } else if (avail >= 4 + sizes && matches(a, o, wide, crcValue, compressed)) {
      length = 4 + sizes;
    } else {
      int p = signed ? o + 4 : o;
      if (avail < p - o + 4 + sizes) {
        throw source.truncated("the data descriptor of entry " + ZipNames.printable(header.name()));
      }
      throw malformed("entry " + ZipNames.printable(header.name()) + " has a data descriptor"
          + " saying CRC-32 " + hex32(u32(a, p)) + ", " + size(a, p + 4, wide) + " → "
          + size(a, p + 4 + sizes / 2, wide) + " bytes, but the content has CRC-32 "
          + hex32(crcValue) + ", " + compressed + " → " + produced + " bytes; the entry is"
          + " corrupt or was altered");
    }
    source.consume(length);
  }

  private boolean matches(byte[] a, int p, boolean wide, long crcValue, long compressed) {
    int half = wide ? 8 : 4;
    return u32(a, p) == crcValue && size(a, p + 4, wide) == compressed
        && size(a, p + 4 + half, wide) == produced;
  }

  private static long size(byte[] a, int p, boolean wide) {
    return wide ? u64(a, p) : u32(a, p);
  }

  private static GatewayException malformed(String what) {
    return new GatewayException(ReasonCode.MALFORMED,
        what + ". Ask the sender for a new package");
  }
}
