package eu.mlagw.transport;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A court's case-management system as the REST delivery channel expects it, for tests and the
 * demo: {@code POST https://HOST:PORT/case-system/exchanges} over mutual TLS (the client
 * certificate must chain to the trusted roots, else the handshake fails, and be exactly one of the
 * admitted gateway certificates, else the answer is 403 and nothing is read), parsing the multipart upload as a stream into
 * {@code <folder>/<exchange-id>/} (see {@link ReceivedExchanges}: checked SHA-256 and size, atomic,
 * idempotent per Idempotency-Key). It answers 201 {@code {"reference": ...}}, or what it was told
 * to: {@link #answerUnavailable} (503), {@link #refuse} (422 with the given message).
 */
public final class CaseSystemSimulator implements AutoCloseable {
  /** Path of the endpoint. */
  public static final String PATH = "/case-system/exchanges";
  private static final Logger LOG = LoggerFactory.getLogger(CaseSystemSimulator.class);
  private final HttpsServer server;
  private final ExecutorService threads;
  private final Behaviour behaviour;
  private final URI url;

  /** A status to answer instead of receiving (0: receive normally). */
  record Answer(int status, String message) {}

  /** What the simulator currently does; changed while it runs. */
  static final class Behaviour {
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(0, ""));

    Answer current() {
      return answer.get();
    }
  }

  private CaseSystemSimulator(HttpsServer server, ExecutorService threads, Behaviour behaviour, URI url) {
    this.server = server;
    this.threads = threads;
    this.behaviour = behaviour;
    this.url = url;
  }

  /** Starts configuring a simulator. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL to configure as the participant's delivery url. */
  public URI url() {
    return url;
  }

  /** From now on, receive and answer 201 (the default). */
  public void accept() {
    behaviour.answer.set(new Answer(0, ""));
  }

  /** From now on, answer 503 without storing anything (the system is down for maintenance). */
  public void answerUnavailable() {
    behaviour.answer.set(new Answer(503, "the case-management system is down for maintenance"));
  }

  /** From now on, answer 422 with {@code message} without storing anything. */
  public void refuse(String message) {
    behaviour.answer.set(new Answer(422, Objects.requireNonNull(message, "message")));
  }

  /** Stops listening; uploads in progress are cut. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    LOG.info("case-system simulator {} stopped", url);
  }

  /** Configuration of a {@link CaseSystemSimulator}; every setting is required. */
  public static final class Builder {
    private String host;
    private int port = -1;
    private Credential tls;
    private List<X509Certificate> trustedRoots = List.of();
    private List<X509Certificate> admittedClients = List.of();
    private Path folder;

    private Builder() {}

    /** Interface and port to listen on. */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** The system's TLS key and chain (the certificate the gateway pins). */
    public Builder tlsCredential(Credential tls) {
      this.tls = tls;
      return this;
    }

    /** Roots the gateways' client certificates must chain to. */
    public Builder trustedRoots(List<X509Certificate> roots) {
      this.trustedRoots = List.copyOf(roots);
      return this;
    }

    /** Exactly the TLS certificates of the gateways allowed to push. */
    public Builder admittedClients(List<X509Certificate> certificates) {
      this.admittedClients = List.copyOf(certificates);
      return this;
    }

    /** Where received exchanges are stored, one folder each. */
    public Builder folder(Path folder) {
      this.folder = folder;
      return this;
    }

    /** Starts listening; ready when this returns. */
    public CaseSystemSimulator start() throws GatewayException {
      if (host == null || port < 0 || port > 65535 || tls == null || folder == null) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID,
            "the case-system simulator needs a listen address and port, a TLS credential and a folder");
      }
      if (admittedClients.isEmpty()) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "the case-system simulator admits no gateway: configure "
            + "the TLS certificate(s) of the gateway(s) allowed to push");
      }
      TlsMaterial material = TlsMaterial.of(tls, trustedRoots);
      ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "case-system-simulator");
        t.setDaemon(true);
        return t;
      });
      try {
        SSLContext context = material.sslContext();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(host, port), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters ssl = context.getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setSSLParameters(ssl);
          }
        });
        Behaviour behaviour = new Behaviour();
        server.createContext(PATH, new CaseSystemHandler(new ReceivedExchanges(folder), behaviour, admittedClients));
        server.setExecutor(threads);
        server.start();
        URI url = URI.create("https://" + host + ":" + server.getAddress().getPort() + PATH);
        LOG.info("case-system simulator listening at {}, storing into {}", url, folder);
        return new CaseSystemSimulator(server, threads, behaviour, url);
      } catch (IOException | GeneralSecurityException e) {
        threads.shutdownNow();
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot start the case-system simulator on " + host + ":"
            + port + ": " + e.getMessage() + "; check that the address belongs to this machine and the port is free", e);
      }
    }
  }
}
