package eu.mlagw.console;

import eu.mlagw.audit.AuditorService;
import eu.mlagw.config.ConsoleSettings;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.ops.NodeMonitoring;
import io.undertow.Undertow;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * The web console's HTTPS listener (gateway.yaml {@code console:}): Undertow with a required TLS
 * client certificate chaining to the gateway's trust anchors; {@link ConsoleHandler} maps each
 * certificate to operator or auditor and serves the pages. One I/O thread and four workers: a
 * handful of people use it, and it must not take the node's cores.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  static final String HTMX_RESOURCE = "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";
  private final Undertow undertow;
  private final URI url;

  private ConsoleServer(Undertow undertow, URI url) {
    this.undertow = undertow;
    this.url = url;
  }

  /** What the console serves; every part is required. */
  public record Parts(String gatewayId, ExchangeDesk desk, NodeMonitoring monitoring, AuditorService auditor,
      SignedReports reports, Credential tls, TrustPolicy trust, eu.mlagw.metadata.Messages messages,
      Clock clock) {
    public Parts {
      Objects.requireNonNull(reports, "reports");
      Objects.requireNonNull(messages, "messages");
      Objects.requireNonNull(gatewayId, "gatewayId");
      Objects.requireNonNull(desk, "desk");
      Objects.requireNonNull(monitoring, "monitoring");
      Objects.requireNonNull(auditor, "auditor");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /**
   * Starts listening; ready when this returns.
   *
   * @throws GatewayException CONFIG_INVALID when the port is taken or the address is not this host's
   */
  public static ConsoleServer start(ConsoleSettings settings, Parts parts) throws GatewayException {
    SSLContext tls = ConsoleTls.context(parts.tls(), parts.trust().anchors());
    byte[] htmx;
    try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream(HTMX_RESOURCE)) {
      if (in == null) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "the web console's htmx (" + HTMX_RESOURCE + ") is not "
            + "on the class path; the installation is incomplete: reinstall it (lib/ must hold htmx.org-2.0.4.jar)");
      }
      htmx = in.readAllBytes();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the web console's htmx: " + e.getMessage(), e);
    }
    ConsoleHandler handler = new ConsoleHandler(parts, htmx);
    Undertow undertow = Undertow.builder()
        .addHttpsListener(settings.port(), settings.host(), tls)
        .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUIRED)
        .setIoThreads(1)
        .setWorkerThreads(4)
        .setServerOption(io.undertow.UndertowOptions.MAX_ENTITY_SIZE, (long) ConsoleHandler.MAX_FORM_BYTES)
        .setHandler(handler)
        .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "the web console cannot listen on " + settings.host() + ":"
          + settings.port() + " (" + e.getMessage() + "); give console.listen.port a free port (or stop what uses it) "
          + "and console.listen.host an address of this host", e);
    }
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    String host = settings.host().contains(":") && !settings.host().startsWith("[") ? "[" + settings.host() + "]"
        : settings.host();
    URI url = URI.create("https://" + host + ":" + port + "/");
    LOG.info("web console {} started", url);
    return new ConsoleServer(undertow, url);
  }

  /** The console's address, e.g. {@code https://127.0.0.1:8445/}. */
  public URI url() {
    return url;
  }

  @Override
  public void close() {
    undertow.stop();
    LOG.info("web console {} stopped", url);
  }
}
