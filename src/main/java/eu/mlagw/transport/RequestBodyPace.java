package eu.mlagw.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The request body of one request as the listener reads it, cut (connection closed, the reader gets
 * an {@link IOException}) when the client is too slow: when no byte arrives for {@code readTimeout}
 * while the listener waits for one, or when fewer than {@code minDataRate} bytes per second arrived
 * over a window of {@code readTimeout}.
 *
 * <p>Hand-written because Undertow has no minimum data rate, and its per-read timeout
 * ({@code Options.READ_TIMEOUT}) is a timer on the whole connection that also fires while a request
 * is being processed after its body arrived (a large package being verified would be cut): this
 * conduit only acts while the listener reads the body. The rate counts wall-clock time between reads,
 * so a listener that pauses reading is measured at its own pace; with a rate far below any real
 * link (the default is 1 KiB/s) that never cuts a sound client. While the body is unfinished, a
 * watchdog on the connection's I/O thread also cuts it when no byte came for {@code readTimeout}:
 * that covers a body nobody waits for in {@link #awaitReadable()} (Undertow draining a body the
 * endpoint did not read). Read by one request thread at a time; the watchdog reads only volatile state.
 */
final class RequestBodyPace extends AbstractStreamSourceConduit<StreamSourceConduit> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestBodyPace.class);
  private final java.io.Closeable connection;
  private final long readTimeoutNanos;
  private final long minBytesPerSecond;
  /** Who the client is and where from, for the log. */
  private final String client;
  private final XnioIoThread ioThread;
  private final BooleanSupplier bodyDone;
  private final java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile long lastData = System.nanoTime();
  private long windowStart = lastData;
  private long bytesInWindow;

  /**
   * @param ioThread where the watchdog runs
   * @param bodyDone true once the whole body was read or the request ended: the watchdog stops
   */
  RequestBodyPace(StreamSourceConduit next, java.io.Closeable connection, XnioIoThread ioThread,
      BooleanSupplier bodyDone, long readTimeoutMillis, long minBytesPerSecond, String client) {
    super(next);
    this.connection = connection;
    this.ioThread = ioThread;
    this.bodyDone = bodyDone;
    this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
    this.minBytesPerSecond = minBytesPerSecond;
    this.client = client;
    ioThread.executeAfter(this::watch, readTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The watchdog: cuts a body that has been silent for readTimeout, else looks again when it could be. */
  private void watch() {
    if (bodyDone.getAsBoolean()) {
      return;
    }
    long left = lastData + readTimeoutNanos - System.nanoTime();
    if (left <= 0) {
      cut("no byte of the request body arrived for " + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos)
          + " ms (listeners.readTimeout)");
      return;
    }
    ioThread.executeAfter(this::watch, TimeUnit.NANOSECONDS.toMillis(left) + 1, TimeUnit.MILLISECONDS);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return (int) account(super.read(dst));
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return account(super.read(dsts, offset, length));
  }

  @Override
  public long transferTo(long position, long count, FileChannel target) throws IOException {
    return account(super.transferTo(position, count, target));
  }

  @Override
  public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
    return account(super.transferTo(count, throughBuffer, target));
  }

  @Override
  public void awaitReadable() throws IOException {
    super.awaitReadable(remaining(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void awaitReadable(long time, TimeUnit timeUnit) throws IOException {
    super.awaitReadable(Math.min(timeUnit.toNanos(time), remaining()), TimeUnit.NANOSECONDS);
  }

  /** Time left until the read timeout; cuts the connection when it has passed. */
  private long remaining() throws IOException {
    long now = System.nanoTime();
    long left = lastData + readTimeoutNanos - now;
    if (left <= 0) {
      throw cut("no byte of the request body arrived for " + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos)
          + " ms (listeners.readTimeout)");
    }
    checkRate(now);
    return left;
  }

  private long account(long n) throws IOException {
    long now = System.nanoTime();
    if (n > 0) {
      lastData = now;
      bytesInWindow += n;
    }
    checkRate(now);
    return n;
  }

  private void checkRate(long now) throws IOException {
    long elapsed = now - windowStart;
    if (minBytesPerSecond <= 0 || elapsed < readTimeoutNanos) {
      return;
    }
    double needed = minBytesPerSecond * (elapsed / 1e9);
    if (bytesInWindow < needed) {
      throw cut("the request body arrived at " + Math.round(bytesInWindow / (elapsed / 1e9)) + " bytes/s over the last "
          + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms, below listeners.minDataRate (" + minBytesPerSecond
          + " bytes/s)");
    }
    windowStart = now;
    bytesInWindow = 0;
  }

  private IOException cut(String why) {
    if (cut.compareAndSet(false, true)) { // the reader and the watchdog may both see it: one log line
      LOG.warn("cut the connection of {}: {}", client, why);
    }
    IoUtils.safeClose(connection);
    return new IOException("connection cut: " + why);
  }
}
