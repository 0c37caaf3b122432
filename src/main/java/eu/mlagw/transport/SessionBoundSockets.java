package eu.mlagw.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * The client sockets of one long-lived TLS context, handed out under a factory object that is
 * replaced every {@code lifetime}. HttpsURLConnection's keep-alive cache is keyed by the factory
 * object, so a kept-alive connection is reused only while its factory is current: no connection
 * serves new requests more than one lifetime after the generation that opened it began, and each
 * new connection either resumes a session younger than the context's session timeout or makes a
 * full handshake (chains checked). The TLS session cache lives in the context and is shared by all
 * generations. Thread-safe.
 */
final class SessionBoundSockets {
  private final SSLSocketFactory sockets;
  private final long lifetimeNanos;
  private Generation current;

  SessionBoundSockets(SSLSocketFactory sockets, Duration lifetime) {
    this.sockets = sockets;
    this.lifetimeNanos = lifetime.toNanos();
  }

  /** The factory for the next connection: the current generation's, or a new one after the lifetime. */
  synchronized SSLSocketFactory current() {
    long now = System.nanoTime();
    if (current == null || now - current.started >= lifetimeNanos) {
      current = new Generation(sockets, now);
    }
    return current;
  }

  /** A distinct factory object over the same sockets (its identity is the keep-alive cache key). */
  private static final class Generation extends SSLSocketFactory {
    private final SSLSocketFactory sockets;
    private final long started;

    Generation(SSLSocketFactory sockets, long started) {
      this.sockets = sockets;
      this.started = started;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return sockets.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return sockets.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return sockets.createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
      return sockets.createSocket(s, consumed, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
      return sockets.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return sockets.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return sockets.createSocket(address, port, localAddress, localPort);
    }
  }
}
