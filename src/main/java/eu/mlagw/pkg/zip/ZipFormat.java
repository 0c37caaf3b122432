package eu.mlagw.pkg.zip;

/**
 * Numbers of the ZIP format (PKWARE APPNOTE 6.3) shared by the writer and the reader, plus
 * little-endian field access. Only the subset this package produces and accepts is named here.
 */
final class ZipFormat {
  static final int LOCAL_SIG = 0x04034b50;
  static final int CENTRAL_SIG = 0x02014b50;
  static final int DESCRIPTOR_SIG = 0x08074b50;
  static final int ZIP64_EOCD_SIG = 0x06064b50;
  static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  static final int EOCD_SIG = 0x06054b50;

  /** Fixed part of a local header, without its 4-byte signature. */
  static final int LOCAL_FIXED = 26;
  /** Fixed part of a central directory header, without its 4-byte signature. */
  static final int CENTRAL_FIXED = 42;
  /** Fixed part of the end of central directory record, without its 4-byte signature. */
  static final int EOCD_FIXED = 18;
  /** Size of the ZIP64 end record after its "size of record" field (version 1 record). */
  static final int ZIP64_EOCD_BODY = 44;
  /** Fixed part of the ZIP64 end locator, without its 4-byte signature. */
  static final int ZIP64_LOCATOR_FIXED = 16;

  static final int STORED = 0;
  static final int DEFLATED = 8;

  static final int FLAG_ENCRYPTED = 1;
  static final int FLAG_DESCRIPTOR = 1 << 3;
  static final int FLAG_UTF8 = 1 << 11;
  /** Bits 1-2 are deflate level hints; everything else (encryption, patches, ...) is refused. */
  static final int FLAGS_ALLOWED = 0x0002 | 0x0004 | FLAG_DESCRIPTOR | FLAG_UTF8;

  static final int ZIP64_EXTRA_ID = 0x0001;
  /** Info-ZIP Unicode Path: tools disagree whether it or the header name wins, so it is refused. */
  static final int UNICODE_PATH_EXTRA_ID = 0x7075;

  /** A 32-bit field holding this value means "see the ZIP64 extra field / ZIP64 end record". */
  static final long MAX32 = 0xFFFFFFFFL;
  /** A 16-bit entry count holding this value means "see the ZIP64 end record". */
  static final int MAX16 = 0xFFFF;

  static final int VERSION_DEFAULT = 20;
  static final int VERSION_ZIP64 = 45;
  /** MS-DOS date 1980-01-01 (year offset 0, month 1, day 1); time 00:00:00 is 0. */
  static final int DOS_DATE_1980 = (1 << 5) | 1;

  private ZipFormat() {}

  static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int off) {
    return (u16(b, off) | (long) u16(b, off + 2) << 16) & MAX32;
  }

  /** May be negative for values above 2^63; callers treat that as malformed. */
  static long u64(byte[] b, int off) {
    return u32(b, off) | u32(b, off + 4) << 32;
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  static void put32(byte[] b, int off, long v) {
    put16(b, off, (int) v);
    put16(b, off + 2, (int) (v >>> 16));
  }

  static void put64(byte[] b, int off, long v) {
    put32(b, off, v);
    put32(b, off + 4, v >>> 32);
  }

  static String hex32(long v) {
    return String.format("0x%08x", v);
  }
}
