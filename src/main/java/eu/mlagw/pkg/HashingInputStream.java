package eu.mlagw.pkg;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Computes SHA-256 (JDK provider, SHA intrinsics) over what passes through and reports progress. */
final class HashingInputStream extends FilterInputStream {
  private final MessageDigest sha256;
  private final ProgressCounter counter;

  HashingInputStream(InputStream in, ProgressCounter counter) {
    super(in);
    this.counter = counter;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      counter.add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      sha256.update(b, off, n);
      counter.add(n);
    }
    return n;
  }

  byte[] digest() {
    return sha256.digest();
  }
}
