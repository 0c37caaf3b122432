package eu.mlagw.pkg;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>A dead producer never leaves the reader waiting: whatever the thread dies of (IOException,
 * RuntimeException, StackOverflowError, OutOfMemoryError) is kept and handed to the reader, and
 * the reader waits in short slices, checking that the thread is still alive. A StackOverflowError
 * is reported as MALFORMED (only input nested too deeply causes one); any other Error is rethrown
 * to the reader as it is, so the caller's error handling (and, on a node, the halt on a
 * VirtualMachineError) sees it rather than a generic I/O failure.
 */
final class ReadAheadInputStream extends InputStream {
  private static final Block END = new Block(new byte[0], 0, null);
  private static final long WAIT_SLICE_MS = 200;

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
  /** What the producer died of, if anything; set before the thread ends. */
  private volatile Throwable producerFailure;

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
    } catch (Throwable e) { // handed to the reader below; nothing may die here unseen
      producerFailure = e;
      filled.offer(new Block(null, 0, asIOException(e))); // if the queue is full, the reader sees producerFailure
    }
  }

  /** The reader's view of what killed the producer (Errors other than stack overflow are rethrown). */
  private static IOException asIOException(Throwable e) {
    if (e instanceof IOException) {
      return (IOException) e;
    }
    if (e instanceof StackOverflowError) {
      return new GatewayIOException(new GatewayException(ReasonCode.MALFORMED, "the input is nested too deeply "
          + "to be read (the reading thread ran out of stack); it is damaged or hostile, and was refused", e));
    }
    return new IOException("reading ahead failed: " + e, e);
  }

  /** Waits for the next block, never longer than the producer lives. */
  private Block nextBlock() throws IOException, InterruptedException {
    while (true) {
      Block b = filled.poll(WAIT_SLICE_MS, TimeUnit.MILLISECONDS);
      if (b != null) {
        return b;
      }
      if (!producer.isAlive()) {
        b = filled.poll(); // it may have put its last block just before it ended
        if (b != null) {
          return b;
        }
        Throwable t = producerFailure;
        if (t instanceof Error && !(t instanceof StackOverflowError)) {
          throw (Error) t;
        }
        return new Block(null, 0, t != null ? asIOException(t)
            : new IOException("the read-ahead thread ended without delivering the end of the stream"));
      }
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
        current = nextBlock();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for data");
      }
      position = 0;
      if (current.failure() != null) {
        Throwable died = producerFailure;
        if (died instanceof Error && !(died instanceof StackOverflowError)) {
          throw (Error) died; // e.g. OutOfMemoryError: not a property of the input
        }
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
