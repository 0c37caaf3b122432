package eu.mlagw.crypto;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link TimeStampAuthority} over plain HTTP (RFC 3161 3.4): POST application/timestamp-query to any path,
 * answered with application/timestamp-reply. Plain HTTP is what RFC 3161 TSAs commonly speak: the token is signed,
 * so transport security adds nothing to its integrity. Requests over {@link TimeStampAuthority#MAX_REQUEST_BYTES}
 * get 413 unread; other methods 405. Started by {@code mlagw tsa} and by tests. Close to stop.
 */
public final class TimeStampServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers;
  private final URI url;

  private TimeStampServer(HttpServer server, ExecutorService workers, URI url) {
    this.server = server;
    this.workers = workers;
    this.url = url;
  }

  /** Starts serving {@code authority} on {@code host}:{@code port} (0: any free port). */
  public static TimeStampServer start(TimeStampAuthority authority, String host, int port) throws IOException {
    // The JDK server writes the headers and the body of an answer apart; with Nagle's algorithm on, the body
    // waits for the client's delayed ACK: measured 50 ms per timestamp instead of 9 ms on loopback. The JDK reads
    // this property once, when its first HTTP server starts (set here unless the operator chose otherwise).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "tsa-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(workers);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!"POST".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().add("Allow", "POST");
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        byte[] request;
        try (InputStream in = exchange.getRequestBody()) {
          request = in.readNBytes(TimeStampAuthority.MAX_REQUEST_BYTES + 1);
        }
        if (request.length > TimeStampAuthority.MAX_REQUEST_BYTES) {
          exchange.sendResponseHeaders(413, -1);
          return;
        }
        byte[] answer = authority.respond(request);
        exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    });
    server.start();
    InetSocketAddress bound = server.getAddress();
    String h = bound.getAddress().getHostAddress();
    URI url = URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + bound.getPort() + "/tsa");
    return new TimeStampServer(server, workers, url);
  }

  /** Where clients send requests, e.g. http://127.0.0.1:3180/tsa. */
  public URI url() {
    return url;
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
