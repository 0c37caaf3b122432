package eu.mlagw.pkg.zip;

import java.io.InputStream;
import java.util.Random;

/** A long deterministic, incompressible-looking stream generated on the fly (never held whole). */
final class PatternStream extends InputStream {
  private static final byte[] BLOCK = new byte[(1 << 20) + 7]; // odd length: no 2^n period
  static {
    new Random(42).nextBytes(BLOCK);
  }

  private final long size;
  private long pos;

  PatternStream(long size) {
    this.size = size;
  }

  @Override
  public int read() {
    return pos < size ? BLOCK[(int) (pos++ % BLOCK.length)] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (pos >= size) {
      return -1;
    }
    int at = (int) (pos % BLOCK.length);
    int n = (int) Math.min(Math.min(len, size - pos), BLOCK.length - at);
    System.arraycopy(BLOCK, at, b, off, n);
    pos += n;
    return n;
  }
}
