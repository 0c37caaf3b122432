package eu.mlagw.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One raw HTTPS connection on loopback that sends a request exactly as fast (or as slowly) as a
 * test wants, the way a slow-loris client does, and reports what the server answered and whether
 * it closed the connection.
 */
final class RawHttpsConnection implements AutoCloseable {
  private final SSLSocket socket;
  private final OutputStream out;
  private final ByteArrayOutputStream answer = new ByteArrayOutputStream();

  RawHttpsConnection(SSLContext tls, int port) throws IOException {
    socket = (SSLSocket) tls.getSocketFactory().createSocket(PeerFixture.HOST, port);
    socket.startHandshake();
    out = socket.getOutputStream();
  }

  /** Request line and headers of a POST announcing {@code contentLength} body bytes. */
  static String postHeaders(String path, int port, long contentLength) {
    return "POST " + path + " HTTP/1.1\r\nHost: " + PeerFixture.HOST + ":" + port + "\r\n"
        + "Content-Type: application/soap+xml; charset=UTF-8\r\nContent-Length: " + contentLength + "\r\n\r\n";
  }

  /** Sends {@code text}; false if the server has closed the connection. */
  synchronized boolean send(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads what the server sends until it closes the connection.
   *
   * @return everything the server sent, or null if the connection is still open after {@code max}
   */
  String readUntilClosed(Duration max) throws IOException {
    long deadline = System.nanoTime() + max.toNanos();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    while (true) {
      long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (left <= 0) {
        return null;
      }
      socket.setSoTimeout((int) left);
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return answer.toString(StandardCharsets.UTF_8);
        }
        answer.write(buffer, 0, n);
      } catch (SocketTimeoutException e) {
        return null;
      } catch (IOException e) {
        return answer.toString(StandardCharsets.UTF_8); // reset or TLS alert: closed
      }
    }
  }

  /** The status code of the server's answer (reads its headers for at most {@code max}), or -1. */
  int status(Duration max) throws IOException {
    String text = readUntil("\r\n\r\n", max);
    return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
  }

  /** Reads until what was received contains {@code marker}, the connection closes or {@code max} passes. */
  String readUntil(String marker, Duration max) throws IOException {
    long deadline = System.nanoTime() + max.toNanos();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    while (!received().contains(marker)) {
      long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (left <= 0) {
        break;
      }
      socket.setSoTimeout((int) left);
      try {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        answer.write(buffer, 0, n);
      } catch (SocketTimeoutException e) {
        break;
      }
    }
    return received();
  }

  /** Everything received so far. */
  String received() {
    return answer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test connection: nothing to do
    }
  }
}
