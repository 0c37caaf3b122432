package eu.mlagw.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test only: lets a browser without a client-certificate flag (headless Chromium) use the console as
 * the holder of a chosen PKCS#12 would. It listens on plain HTTP on loopback and forwards every
 * connection's bytes over TLS, presenting that client certificate and trusting only the test PKI's
 * root. The console itself speaks nothing but HTTPS with required client certificates.
 */
final class ClientCertificateProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  ClientCertificateProxy(URI console, Path p12, char[] password, Path rootPem) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    try (InputStream in = Files.newInputStream(rootPem)) {
      roots.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(roots);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket browser = server.accept();
          SSLSocket upstream = (SSLSocket) tls.getSocketFactory().createSocket(console.getHost(), console.getPort());
          upstream.startHandshake();
          open.add(browser);
          open.add(upstream);
          pump(browser, upstream);
          pump(upstream, browser);
        } catch (IOException e) {
          // closed, or one connection failed: the browser sees it closed
        }
      }
    }, "client-cert-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Where the browser goes: {@code http://localhost:PORT/}. */
  URI url() {
    return URI.create("http://localhost:" + server.getLocalPort() + "/");
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // either side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "client-cert-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(ClientCertificateProxy::closeQuietly);
  }
}
