package eu.mlagw.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a background thread, a few blocks ahead, so that producing the bytes (here:
 * decrypting and checking GCM tags) runs on one core while consuming them (unzipping, hashing,
 * writing) runs on another. Memory: {@code depth + 2} blocks of {@code blockSize}.
 *
 * <p>Guarantees: bytes arrive in order and unchanged; a failure of the source is thrown to the
 * reader at the position where it happened, after every byte read before it, and again on every
 * later read; end of stream is
 * reported only after the source reported it. {@link #close()} stops the thread and closes the
 * source. One reader thread only.
 */
final class ReadAheadInputStream extends InputStream {
  private static final Block END = new Block(new byte[0], 0, null);

  private record Block(byte[] data, int length, IOException failure) {}

  private final InputStream source;
  private final BlockingQueue<Block> filled;
  private final BlockingQueue<byte[]> empty;
  private final Thread producer;
  private Block current;
  private int position;
  private boolean ended;
  private IOException failure;
  private volatile boolean closed;

  ReadAheadInputStream(InputStream source, int blockSize, int depth, String threadName) {
    this.source = source;
    this.filled = new ArrayBlockingQueue<>(depth + 2);
    this.empty = new ArrayBlockingQueue<>(depth + 2);
    for (int i = 0; i < depth + 1; i++) {
      empty.add(new byte[blockSize]);
    }
    this.producer = new Thread(this::produce, threadName);
    producer.setDaemon(true);
    producer.start();
  }

  private void produce() {
    try {
      while (!closed) {
        byte[] buf = empty.take();
        int n = 0;
        try {
          while (n < buf.length) {
            int r = source.read(buf, n, buf.length - n);
            if (r < 0) {
              break;
            }
            n += r;
          }
        } catch (IOException e) {
          if (n > 0) {
            filled.put(new Block(buf, n, null));
          }
          filled.put(new Block(null, 0, e));
          return;
        }
        if (n > 0) {
          filled.put(new Block(buf, n, null));
        }
        if (n < buf.length) {
          filled.put(END);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      filled.offer(new Block(null, 0, new IOException("reading ahead failed: " + e, e)));
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (failure != null) {
      throw failure; // sticky: a failed stream never turns into a clean end
    }
    while (current == null || position == current.length()) {
      if (ended) {
        return -1;
      }
      if (current != null && current.data() != null && current != END) {
        empty.offer(current.data());
      }
      try {
        current = filled.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for data");
      }
      position = 0;
      if (current.failure() != null) {
        failure = current.failure();
        current = END;
        throw failure;
      }
      if (current == END) {
        ended = true;
        return -1;
      }
    }
    int n = Math.min(len, current.length() - position);
    System.arraycopy(current.data(), position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    producer.interrupt();
    try {
      producer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    source.close();
  }
}
