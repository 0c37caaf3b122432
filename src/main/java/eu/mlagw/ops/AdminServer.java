package eu.mlagw.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import eu.mlagw.config.AdminSettings;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The node's admin listener: {@code GET /health/live}, {@code GET /health/ready} (JSON; 200 or 503)
 * and {@code GET /metrics} (Prometheus text format). The JDK's own HTTP server: light, and apart
 * from the peer listener, so a busy or refused peer never hides the node's health. Plain HTTP on
 * loopback; HTTPS on any other address ({@link AdminTls}). Two worker threads; read-only: nothing
 * it serves changes the node.
 */
public final class AdminServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers;
  private final URI base;

  private AdminServer(HttpServer server, ExecutorService workers, URI base) {
    this.server = server;
    this.workers = workers;
    this.base = base;
  }

  /**
   * Starts listening at {@code settings} ({@code tls} null on loopback).
   *
   * @throws GatewayException CONFIG_INVALID when the port is taken or the address is not this host's
   */
  public static AdminServer start(AdminSettings settings, SSLContext tls, NodeHealth health,
      Supplier<String> metrics) throws GatewayException {
    HttpServer server;
    try {
      InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
      if (tls == null) {
        server = HttpServer.create(address, 16);
      } else {
        HttpsServer https = HttpsServer.create(address, 16);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
            p.setWantClientAuth(true);
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setSSLParameters(p);
          }
        });
        server = https;
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "the admin listener cannot listen on " + settings.host()
          + ":" + settings.port() + " (" + e.getMessage() + "); give admin.port a free port (or stop what uses it) and "
          + "admin.host an address of this host", e);
    }
    ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "mlagw-admin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(workers);
    server.createContext("/health/live", x -> answer(x, health.liveness()));
    server.createContext("/health/ready", x -> answer(x, health.readiness()));
    server.createContext("/metrics", x -> {
      if (isGet(x)) {
        send(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
      }
    });
    server.createContext("/", x -> send(x, 404, "text/plain; charset=utf-8",
        "not found; this listener serves /health/live, /health/ready and /metrics\n"));
    server.start();
    String host = settings.host().contains(":") && !settings.host().startsWith("[") ? "[" + settings.host() + "]"
        : settings.host();
    URI base = URI.create((tls == null ? "http" : "https") + "://" + host + ":" + server.getAddress().getPort());
    return new AdminServer(server, workers, base);
  }

  private static void answer(HttpExchange x, NodeHealth.Report report) throws IOException {
    if (isGet(x)) {
      send(x, report.ok() ? 200 : 503, "application/json", report.json() + "\n");
    }
  }

  private static boolean isGet(HttpExchange x) throws IOException {
    if ("GET".equals(x.getRequestMethod()) || "HEAD".equals(x.getRequestMethod())) {
      return true;
    }
    x.getResponseHeaders().add("Allow", "GET, HEAD");
    send(x, 405, "text/plain; charset=utf-8", "only GET\n");
    return false;
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.getResponseHeaders().add("Cache-Control", "no-store");
    boolean head = "HEAD".equals(x.getRequestMethod());
    x.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  /** The listener's base URL, e.g. {@code http://127.0.0.1:9464}. */
  public URI url() {
    return base;
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
