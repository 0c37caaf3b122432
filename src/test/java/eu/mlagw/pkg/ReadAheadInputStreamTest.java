package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
  @Test
  void deliversEveryByteInOrder() throws Exception {
    byte[] data = new byte[1_000_003];
    new Random(1).nextBytes(data);
    try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), 4096, 3, "t")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[777];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
      assertArrayEquals(data, out.toByteArray());
      assertEquals(-1, in.read());
    }
  }

  @Test
  void failureArrivesAfterTheBytesReadBeforeIt() throws Exception {
    InputStream failing = new InputStream() {
      int served;

      @Override
      public int read() throws IOException {
        if (served == 10_000) {
          throw new IOException("tag mismatch");
        }
        served++;
        return 7;
      }
    };
    try (InputStream in = new ReadAheadInputStream(failing, 4096, 2, "t")) {
      byte[] got = new byte[10_000];
      int total = 0;
      while (total < got.length) {
        total += in.read(got, total, got.length - total);
      }
      IOException e = assertThrows(IOException.class, () -> in.read());
      assertEquals("tag mismatch", e.getMessage());
      assertThrows(IOException.class, () -> in.read(), "a failure is sticky, never a clean end");
    }
  }

  @Test
  void closeStopsTheProducer() throws Exception {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 1;
      }
    };
    ReadAheadInputStream in = new ReadAheadInputStream(endless, 1024, 2, "endless");
    in.read(new byte[100]);
    in.close();
    Thread.sleep(50);
    assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("endless") && t.isAlive()));
  }

  /** A source that returns some bytes, then dies of {@code error} (as a parser's stack overflow did). */
  private static InputStream dyingOf(Error error) {
    return new InputStream() {
      private int left = 10_000;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          throw error;
        }
        int n = Math.min(len, left);
        left -= n;
        return n;
      }
    };
  }

  @Test
  void aStackOverflowInTheProducerReachesTheReaderAsMalformed() {
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
      try (InputStream in = new ReadAheadInputStream(dyingOf(new StackOverflowError()), 4096, 3, "t")) {
        IOException e = assertThrows(IOException.class, () -> in.readAllBytes());
        assertEquals(eu.mlagw.error.ReasonCode.MALFORMED,
            eu.mlagw.error.GatewayIOException.unwrap(e, eu.mlagw.error.ReasonCode.IO_ERROR, "").reason());
        assertThrows(IOException.class, () -> in.read(), "sticky");
      }
    });
  }

  @Test
  void anyOtherErrorInTheProducerIsRethrownToTheReaderNotAwaitedForever() {
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
      // a tiny queue that fills before the producer dies: the failure cannot be queued, the reader
      // must still learn of it
      try (InputStream in = new ReadAheadInputStream(dyingOf(new OutOfMemoryError("test")), 16, 0, "t")) {
        Thread.sleep(300); // let the producer fill the queue and die
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> in.readAllBytes());
        assertEquals("test", e.getMessage());
      }
    });
  }
}
