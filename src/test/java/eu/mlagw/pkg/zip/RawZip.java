package eu.mlagw.pkg.zip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Assembles ZIP bytes field by field, so tests can craft exactly the lie they need. */
/** Writes ZIP archives byte by byte, including malformed ones, for attack fixtures. */
public final class RawZip {
  static final int UTF8 = 1 << 11;

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final ByteArrayOutputStream central = new ByteArrayOutputStream();
  private int count;

  public RawZip() {}

  /** Current offset, where the next local header will start. */
  public long offset() {
    return body.size();
  }

  /** A correct STORED entry: local header, content and central entry. */
  public RawZip stored(String name, byte[] data) {
    long crc = crc(data);
    long at = offset();
    local(name, UTF8, 0, crc, data.length, data.length, new byte[0], data);
    return central(name, UTF8, 0, crc, data.length, data.length, at, new byte[0]);
  }

  /** A correct DEFLATED entry with sizes in the local header. */
  public RawZip deflated(String name, byte[] data) {
    byte[] packed = deflate(data);
    long crc = crc(data);
    long at = offset();
    local(name, UTF8, 8, crc, packed.length, data.length, new byte[0], packed);
    return central(name, UTF8, 8, crc, packed.length, data.length, at, new byte[0]);
  }

  public RawZip local(String name, int flags, int method, long crc, long csize, long size, byte[] extra,
      byte[] data) {
    return localRaw(name.getBytes(StandardCharsets.UTF_8), flags, method, crc, csize, size, extra,
        data);
  }

  public RawZip localRaw(byte[] name, int flags, int method, long crc, long csize, long size,
      byte[] extra, byte[] data) {
    Le h = new Le();
    h.i32(0x04034b50).i16(20).i16(flags).i16(method).i16(0).i16(0x21)
        .i32(crc).i32(csize).i32(size).i16(name.length).i16(extra.length);
    body.writeBytes(h.bytes());
    body.writeBytes(name);
    body.writeBytes(extra);
    body.writeBytes(data);
    return this;
  }

  RawZip descriptor(boolean signature, long crc, long csize, long size, boolean wide) {
    Le d = new Le();
    if (signature) {
      d.i32(0x08074b50);
    }
    d.i32(crc);
    if (wide) {
      d.i64(csize).i64(size);
    } else {
      d.i32(csize).i32(size);
    }
    body.writeBytes(d.bytes());
    return this;
  }

  public RawZip central(String name, int flags, int method, long crc, long csize, long size,
      long offset, byte[] extra) {
    return central(name, 20, flags, method, crc, csize, size, 0, offset, extra);
  }

  RawZip central(String name, int madeBy, int flags, int method, long crc, long csize,
      long size, long attributes, long offset, byte[] extra) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    Le h = new Le();
    h.i32(0x02014b50).i16(madeBy).i16(20).i16(flags).i16(method).i16(0).i16(0x21)
        .i32(crc).i32(csize).i32(size).i16(n.length).i16(extra.length).i16(0)
        .i16(0).i16(0).i32(attributes).i32(offset);
    central.writeBytes(h.bytes());
    central.writeBytes(n);
    central.writeBytes(extra);
    count++;
    return this;
  }

  /** Appends raw bytes to the entry area. */
  RawZip raw(byte[] bytes) {
    body.writeBytes(bytes);
    return this;
  }

  public byte[] finish() {
    return finish(count, new byte[0]);
  }

  /** Body, central directory, then an end record stating {@code entries} and {@code comment}. */
  public byte[] finish(int entries, byte[] comment) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(body.toByteArray());
    long cdStart = all.size();
    all.writeBytes(central.toByteArray());
    Le e = new Le();
    e.i32(0x06054b50).i16(0).i16(0).i16(entries).i16(entries)
        .i32(central.size()).i32(cdStart).i16(comment.length);
    all.writeBytes(e.bytes());
    all.writeBytes(comment);
    return all.toByteArray();
  }

  static long crc(byte[] data) {
    CRC32 c = new CRC32();
    c.update(data);
    return c.getValue();
  }

  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  /** ZIP64 extra field with the given 8-byte values. */
  static byte[] zip64Extra(long... values) {
    Le x = new Le().i16(1).i16(8 * values.length);
    for (long v : values) {
      x.i64(v);
    }
    return x.bytes();
  }

  /** Little-endian byte builder. */
  static final class Le {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Le i16(int v) {
      out.write(v);
      out.write(v >>> 8);
      return this;
    }

    Le i32(long v) {
      return i16((int) v).i16((int) (v >>> 16));
    }

    Le i64(long v) {
      return i32(v).i32(v >>> 32);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
