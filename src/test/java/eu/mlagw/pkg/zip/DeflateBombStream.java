package eu.mlagw.pkg.zip;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A complete ZIP whose single entry deflates {@code zeros} zero bytes, with a data descriptor so
 * no size is declared up front. It is generated lazily as the reader pulls, so the test only pays
 * for the part the reader consumes, and counts how much that was.
 */
final class DeflateBombStream extends InputStream {
  private static final byte[] NAME = "bomb.bin".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZEROS = new byte[1 << 20];

  private final long zeros;
  private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private long fed;
  private long compressed;
  private byte[] pending;
  private int pendingPos;
  private int phase; // 0 header, 1 data, 2 trailer, 3 done
  private long pulled;

  DeflateBombStream(long zeros) {
    this.zeros = zeros;
    pending = new RawZip.Le().i32(0x04034b50).i16(20).i16(8 | RawZip.UTF8).i16(8).i16(0)
        .i16(0x21).i32(0).i32(0).i32(0).i16(NAME.length).i16(0).bytes();
    pending = concat(pending, NAME);
  }

  /** Bytes the reader has taken so far. */
  long pulled() {
    return pulled;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    while (pending == null || pendingPos == pending.length) {
      if (!refill()) {
        return -1;
      }
    }
    int n = Math.min(len, pending.length - pendingPos);
    System.arraycopy(pending, pendingPos, b, off, n);
    pendingPos += n;
    pulled += n;
    return n;
  }

  private boolean refill() {
    pendingPos = 0;
    pending = null;
    if (phase == 0) {
      phase = 1;
    }
    if (phase == 1) {
      byte[] out = new byte[64 * 1024];
      while (true) {
        if (deflater.needsInput() && fed < zeros) {
          int n = (int) Math.min(ZEROS.length, zeros - fed);
          deflater.setInput(ZEROS, 0, n);
          crc.update(ZEROS, 0, n);
          fed += n;
          if (fed == zeros) {
            deflater.finish();
          }
        }
        int n = deflater.deflate(out);
        if (n > 0) {
          compressed += n;
          pending = Arrays.copyOf(out, n);
          return true;
        }
        if (deflater.finished()) {
          phase = 2;
          break;
        }
      }
    }
    if (phase == 2) {
      phase = 3;
      // the reader refuses long before this point; the trailer only keeps the stream a ZIP
      // (32-bit descriptor sizes: callers keep zeros below 4 GiB)
      long cdStart = 30 + NAME.length + compressed + 16;
      byte[] descriptor = new RawZip.Le().i32(0x08074b50).i32(crc.getValue()).i32(compressed)
          .i32(zeros).bytes();
      byte[] cd = new RawZip.Le().i32(0x02014b50).i16(20).i16(20).i16(8 | RawZip.UTF8).i16(8)
          .i16(0).i16(0x21).i32(crc.getValue()).i32(compressed).i32(zeros).i16(NAME.length)
          .i16(0).i16(0).i16(0).i16(0).i32(0).i32(0).bytes();
      cd = concat(cd, NAME);
      byte[] end = new RawZip.Le().i32(0x06054b50).i16(0).i16(0).i16(1).i16(1).i32(cd.length)
          .i32(cdStart).i16(0).bytes();
      pending = concat(concat(descriptor, cd), end);
      return true;
    }
    deflater.end();
    return false;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
