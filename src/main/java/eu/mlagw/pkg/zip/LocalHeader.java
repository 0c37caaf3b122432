package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipFormat.DEFLATED;
import static eu.mlagw.pkg.zip.ZipFormat.FLAGS_ALLOWED;
import static eu.mlagw.pkg.zip.ZipFormat.FLAG_DESCRIPTOR;
import static eu.mlagw.pkg.zip.ZipFormat.FLAG_ENCRYPTED;
import static eu.mlagw.pkg.zip.ZipFormat.FLAG_UTF8;
import static eu.mlagw.pkg.zip.ZipFormat.LOCAL_FIXED;
import static eu.mlagw.pkg.zip.ZipFormat.MAX32;
import static eu.mlagw.pkg.zip.ZipFormat.STORED;
import static eu.mlagw.pkg.zip.ZipFormat.u16;
import static eu.mlagw.pkg.zip.ZipFormat.u32;
import static eu.mlagw.pkg.zip.ZipFormat.u64;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;

/**
 * A parsed and checked local file header. With a data descriptor (flag bit 3) the crc and sizes
 * are the header's own values, which must later be zero or equal to the descriptor's.
 *
 * @param zip64 whether the header carries a ZIP64 extra field (then a descriptor has 8-byte sizes)
 * @param offset archive offset of the header's signature
 */
record LocalHeader(int index, String name, byte[] rawName, boolean directory, int flags,
    int method, long crc, long compressedSize, long size, boolean zip64, long offset) {

  boolean hasDescriptor() {
    return (flags & FLAG_DESCRIPTOR) != 0;
  }

  /** Uncompressed size known before reading the content, or -1 with a data descriptor. */
  long knownSize() {
    return hasDescriptor() ? -1 : size;
  }

  /** Compressed size known before reading the content, or -1 with a data descriptor. */
  long knownCompressedSize() {
    return hasDescriptor() ? -1 : compressedSize;
  }

  /** Reads the header that follows a local header signature at {@code offset}. */
  static LocalHeader read(ByteSource src, int index, long offset) throws GatewayException {
    String where = "the local header of entry #" + (index + 1);
    byte[] h = src.readBytes(LOCAL_FIXED, where);
    int flags = u16(h, 2);
    int method = u16(h, 4);
    long crc = u32(h, 10);
    long csize = u32(h, 14);
    long size = u32(h, 18);
    byte[] rawName = src.readBytes(u16(h, 22), where);
    byte[] extra = src.readBytes(u16(h, 24), where);

    // the name first: an escaping name is reported as such even if the rest is also wrong
    String name = ZipNames.decode(rawName, (flags & FLAG_UTF8) != 0);
    boolean directory = ZipNames.check(name);
    String entry = "entry " + ZipNames.printable(name);
    if ((flags & FLAG_ENCRYPTED) != 0) {
      throw malformed(entry + " is encrypted (flag bit 0); allowed: unencrypted entries only —"
          + " the package envelope already encrypts the whole container");
    }
    if ((flags & ~FLAGS_ALLOWED) != 0) {
      throw malformed(entry + " uses unsupported general purpose flags "
          + String.format("0x%04x", flags) + "; allowed: "
          + String.format("0x%04x", FLAGS_ALLOWED) + " (deflate level, data descriptor, UTF-8)");
    }
    if (method != STORED && method != DEFLATED) {
      throw malformed(entry + " uses compression method " + method
          + "; allowed: 0 (stored) or 8 (deflated)");
    }
    if (method == STORED && (flags & FLAG_DESCRIPTOR) != 0) {
      throw malformed(entry + " is stored with a data descriptor (flag bit 3), so its length is"
          + " unknown until after its content and it cannot be read in one pass; allowed: stored"
          + " entries with sizes in the local header, or deflated entries");
    }

    boolean zip64 = false;
    byte[] z = ExtraFields.zip64Data(extra, name, "local header");
    if (z != null) {
      // APPNOTE 4.5.3: in a local header the ZIP64 field holds both sizes
      if (z.length != 16 || u64(z, 0) < 0 || u64(z, 8) < 0) {
        throw malformed(entry + " has a ZIP64 extra field of " + z.length + " bytes in its local"
            + " header; allowed: 16 bytes holding both sizes");
      }
      size = zip64Value(entry, "size", size, u64(z, 0));
      csize = zip64Value(entry, "compressed size", csize, u64(z, 8));
      zip64 = true;
    } else if (size == MAX32 || csize == MAX32) {
      throw malformed(entry + " marks its sizes as ZIP64 (0xFFFFFFFF) but has no ZIP64 extra"
          + " field; allowed: a ZIP64 extra field with the real sizes");
    }
    if (method == STORED && csize != size) {
      throw malformed(entry + " is stored but declares " + csize + " compressed and " + size
          + " uncompressed bytes; allowed: equal sizes for stored entries");
    }
    if (directory && (flags & FLAG_DESCRIPTOR) == 0 && size != 0) {
      throw malformed(entry + " is a folder but declares " + size + " bytes of content;"
          + " allowed: folders without content");
    }
    return new LocalHeader(index, name, rawName, directory, flags, method, crc, csize, size,
        zip64, offset);
  }

  /** A 32-bit field either defers to the ZIP64 value or must agree with it. */
  private static long zip64Value(String entry, String field, long value32, long value64)
      throws GatewayException {
    if (value32 != MAX32 && value32 != value64) {
      throw malformed(entry + " states two different " + field + "s: " + value32
          + " in its local header and " + value64 + " in its ZIP64 extra field; allowed: one");
    }
    return value64;
  }

  private static GatewayException malformed(String what) {
    return new GatewayException(ReasonCode.MALFORMED,
        what + ". Ask the sender for a new package");
  }
}
