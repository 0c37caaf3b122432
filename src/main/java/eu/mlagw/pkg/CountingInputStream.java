package eu.mlagw.pkg;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports bytes read from the package file to a progress counter. */
final class CountingInputStream extends FilterInputStream {
  private final ProgressCounter counter;

  CountingInputStream(InputStream in, ProgressCounter counter) {
    super(in);
    this.counter = counter;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      counter.add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      counter.add(n);
    }
    return n;
  }
}
