package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipFormat.CENTRAL_FIXED;
import static eu.mlagw.pkg.zip.ZipFormat.CENTRAL_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.EOCD_FIXED;
import static eu.mlagw.pkg.zip.ZipFormat.EOCD_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.MAX16;
import static eu.mlagw.pkg.zip.ZipFormat.MAX32;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_EOCD_BODY;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_EOCD_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_LOCATOR_FIXED;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_LOCATOR_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.hex32;
import static eu.mlagw.pkg.zip.ZipFormat.u16;
import static eu.mlagw.pkg.zip.ZipFormat.u32;
import static eu.mlagw.pkg.zip.ZipFormat.u64;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads everything after the last entry (central directory, optional ZIP64 end record and locator,
 * end record, comment) and checks that it describes exactly the entries that were streamed and
 * verified: same order, names, flags, methods, CRCs, sizes and offsets, matching counts, size and
 * offset, and nothing after the end. Tools that trust the central directory (most unzippers, Java's
 * ZipFile) therefore see precisely what was verified; parser differentials have nothing to hide in.
 */
final class CentralDirectoryCheck {
  private static final String ADVICE = "; other ZIP tools would see something different from"
      + " what was verified, so the package is refused — ask the sender for a new one";

  private final ByteSource src;
  private final List<EntryRecord> entries;
  private long zip64RecordOffset;

  CentralDirectoryCheck(ByteSource src, List<EntryRecord> entries) {
    this.src = src;
    this.entries = entries;
  }

  /** {@code sig} is the signature just read at archive offset {@code sigOffset}. */
  void verify(int sig, long sigOffset) throws GatewayException {
    long cdStart = sigOffset;
    int i = 0;
    while (sig == CENTRAL_SIG) {
      checkEntry(i++);
      sigOffset = src.position();
      sig = readSig("the central directory");
    }
    if (i < entries.size()) {
      throw malformed("local entry " + name(entries.get(i)) + " is missing from the central"
          + " directory, which lists " + i + " of the " + entries.size() + " entries");
    }
    long cdSize = sigOffset - cdStart;
    boolean zip64 = sig == ZIP64_EOCD_SIG;
    if (zip64) {
      checkZip64End(sigOffset, cdStart, cdSize);
      sig = readSig("the ZIP64 end locator");
      if (sig != ZIP64_LOCATOR_SIG) {
        throw malformed("the ZIP64 end record is followed by signature " + hex32(sig & MAX32)
            + "; allowed: the ZIP64 end locator " + hex32(ZIP64_LOCATOR_SIG));
      }
      checkLocator(sigOffset);
      sigOffset = src.position();
      sig = readSig("the end of central directory record");
    }
    if (sig != EOCD_SIG) {
      throw malformed("found signature " + hex32(sig & MAX32) + " at offset " + sigOffset
          + " where the central directory ends; allowed: the end of central directory record "
          + hex32(EOCD_SIG));
    }
    checkEnd(zip64, cdStart, cdSize);
  }

  private void checkEntry(int i) throws GatewayException {
    byte[] h = src.readBytes(CENTRAL_FIXED, "central directory entry #" + (i + 1));
    int madeBy = u16(h, 0);
    int flags = u16(h, 4);
    int method = u16(h, 6);
    long crc = u32(h, 12);
    long csize = u32(h, 16);
    long size = u32(h, 20);
    int disk = u16(h, 30);
    long attributes = u32(h, 34);
    long offset = u32(h, 38);
    String where = "central directory entry #" + (i + 1);
    byte[] raw = src.readBytes(u16(h, 24), where);
    byte[] extra = src.readBytes(u16(h, 26), where);
    src.readBytes(u16(h, 28), where); // the entry comment: free text, not used

    // for messages only; the comparison below is on the raw bytes
    String shown = ZipNames.printable(new String(raw, StandardCharsets.UTF_8));
    if (i >= entries.size() || !Arrays.equals(raw, entries.get(i).header().rawName())) {
      boolean local = entries.stream().anyMatch(e -> Arrays.equals(e.header().rawName(), raw));
      throw malformed(local
          ? "the central directory lists " + shown + " as entry #" + (i + 1)
              + ", but the local headers have it at another position; allowed: the same order"
          : "the central directory lists " + shown + " which no local header has");
    }
    EntryRecord e = entries.get(i);
    if (disk != 0) {
      throw malformed("the central directory puts entry " + shown + " on disk " + disk
          + "; allowed: single-disk archives (disk 0)");
    }
    byte[] z = ExtraFields.zip64Data(extra, e.header().name(), "central directory entry");
    // APPNOTE 4.5.3: exactly the fields whose 32-bit value is 0xFFFFFFFF, in this order
    int expected = (size == MAX32 ? 8 : 0) + (csize == MAX32 ? 8 : 0) + (offset == MAX32 ? 8 : 0);
    if (z == null ? expected != 0 : z.length != expected) {
      throw malformed("central directory entry " + shown + " has a ZIP64 extra field of "
          + (z == null ? "no" : z.length) + " bytes; allowed: " + expected
          + " bytes, one 8-byte value per field marked 0xFFFFFFFF");
    }
    int p = 0;
    if (size == MAX32) {
      size = u64(z, p);
      p += 8;
    }
    if (csize == MAX32) {
      csize = u64(z, p);
      p += 8;
    }
    if (offset == MAX32) {
      offset = u64(z, p);
    }
    sameAsLocal(shown, "general purpose flags", flags, e.header().flags());
    sameAsLocal(shown, "compression method", method, e.header().method());
    sameAsLocal(shown, "CRC-32", crc, e.crc());
    sameAsLocal(shown, "compressed size", csize, e.compressedSize());
    sameAsLocal(shown, "size", size, e.size());
    sameAsLocal(shown, "local header offset", offset, e.header().offset());
    checkFileType(shown, e.header().directory(), madeBy, attributes);
  }

  /**
   * Tools honour the file type in the external attributes: a symbolic link would be unpacked as a
   * link whose target (the content) may point anywhere, and some tools (7-Zip) create a folder for
   * the DOS folder attribute whatever the name says.
   */
  private static void checkFileType(String shown, boolean directory, int madeBy, long attributes)
      throws GatewayException {
    final int unix = 3;
    long type = (madeBy >>> 8) == unix ? (attributes >>> 16) & 0xF000 : 0;
    if (type == 0xA000) {
      throw new GatewayException(ReasonCode.PATH_TRAVERSAL, "entry " + shown + " is marked as a"
          + " symbolic link in the central directory; allowed: regular files and folders. Links"
          + " can point outside the output folder — do not unpack this package with other tools");
    }
    if (type != 0 && type != 0x8000 && type != 0x4000) {
      throw malformed("entry " + shown + " is marked as a special file (Unix type "
          + String.format("0%o", type) + ") in the central directory; allowed: regular files and"
          + " folders");
    }
    boolean markedFolder = type == 0x4000 || (attributes & 0x10) != 0;
    if (markedFolder && !directory) {
      throw malformed("entry " + shown + " is marked as a folder in the central directory but its"
          + " name does not end in '/'; allowed: folder attributes only on folder names");
    }
  }

  private void checkZip64End(long recordOffset, long cdStart, long cdSize)
      throws GatewayException {
    String where = "the ZIP64 end of central directory record";
    byte[] h = src.readBytes(8 + ZIP64_EOCD_BODY, where);
    if (u64(h, 0) != ZIP64_EOCD_BODY) {
      throw malformed(where + " says it has " + u64(h, 0) + " bytes; allowed: "
          + ZIP64_EOCD_BODY + " (version 1 record without extensible data)");
    }
    same(where, "disk number", u32(h, 12), 0);
    same(where, "central directory disk", u32(h, 16), 0);
    same(where, "entry count on this disk", u64(h, 20), entries.size());
    same(where, "entry count", u64(h, 28), entries.size());
    same(where, "central directory size", u64(h, 36), cdSize);
    same(where, "central directory offset", u64(h, 44), cdStart);
    zip64RecordOffset = recordOffset;
  }

  private void checkLocator(long locatorOffset) throws GatewayException {
    String where = "the ZIP64 end locator at offset " + locatorOffset;
    byte[] h = src.readBytes(ZIP64_LOCATOR_FIXED, where);
    same(where, "disk of the ZIP64 end record", u32(h, 0), 0);
    same(where, "ZIP64 end record offset", u64(h, 4), zip64RecordOffset);
    same(where, "number of disks", u32(h, 12), 1);
  }

  private void checkEnd(boolean zip64, long cdStart, long cdSize) throws GatewayException {
    String where = "the end of central directory record";
    byte[] h = src.readBytes(EOCD_FIXED, where);
    same(where, "disk number", u16(h, 0), 0);
    same(where, "central directory disk", u16(h, 2), 0);
    // a field may defer to the ZIP64 record with its all-ones value, and only then
    endField(zip64, "entry count on this disk", u16(h, 4), MAX16, entries.size());
    endField(zip64, "entry count", u16(h, 6), MAX16, entries.size());
    endField(zip64, "central directory size", u32(h, 8), MAX32, cdSize);
    endField(zip64, "central directory offset", u32(h, 12), MAX32, cdStart);
    byte[] comment = src.readBytes(u16(h, 16), "the archive comment");
    if (hasRecordSignature(comment)) {
      throw malformed("the archive comment contains a ZIP record signature; tools that search"
          + " for the end record from the back would find a forged one there; allowed: comments"
          + " without ZIP signatures");
    }
    if (!src.atEnd()) {
      throw malformed("trailing data follows the end of central directory record and its comment"
          + " (the archive ends at offset " + src.position() + "); allowed: nothing after the"
          + " end record");
    }
  }

  private void endField(boolean zip64, String field, long value, long allOnes, long actual)
      throws GatewayException {
    if (value != actual && !(zip64 && value == allOnes)) {
      same("the end of central directory record", field, value, actual);
    }
  }

  /** "PK" followed by the second half of a central, ZIP64 end, locator or end signature. */
  private static boolean hasRecordSignature(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == 'P' && b[i + 1] == 'K') {
        int kind = (b[i + 2] << 8) | b[i + 3];
        if (kind == 0x0102 || kind == 0x0506 || kind == 0x0606 || kind == 0x0607) {
          return true;
        }
      }
    }
    return false;
  }

  private int readSig(String where) throws GatewayException {
    return (int) u32(src.readBytes(4, where), 0);
  }

  private static void sameAsLocal(String shown, String field, long stated, long actual)
      throws GatewayException {
    if (stated != actual) {
      throw malformed("the central directory says entry " + shown + " has " + field + " "
          + stated + ", but its local header and content have " + actual);
    }
  }

  private static void same(String subject, String field, long stated, long actual)
      throws GatewayException {
    if (stated != actual) {
      throw malformed(subject + " states " + field + " " + stated + ", but the archive has "
          + actual);
    }
  }

  private static String name(EntryRecord e) {
    return ZipNames.printable(e.header().name());
  }

  private static GatewayException malformed(String what) {
    return new GatewayException(ReasonCode.MALFORMED, what + ADVICE);
  }
}
