package eu.mlagw.transport;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import eu.mlagw.audit.AuditorService;
import eu.mlagw.config.ListenerSettings;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auditors' read-only REST API ({@code https://HOST:PORT/audit/v1/...}, JSON, described by
 * {@code openapi/mlagw-audit-api-1.yaml}) on Undertow with mutual TLS.
 *
 * <p>Guarantees: the TLS handshake requires a client certificate chaining to one of the trust
 * policy's anchors (a client without one cannot send a request); each request is then admitted only
 * if that certificate carries the auditor key purpose and is valid now under the trust policy
 * (revocation included), else 403 with {@code {reasonCode, message}}; every request, admitted or
 * refused, appends an audit event naming the certificate's subject. The server has a CXF bus of its
 * own, so it lives beside the peer listener in one JVM (on another port). Slow and greedy clients are
 * bounded by {@link ListenerSettings} (see {@link ListenerGuard}): over-limit requests get 429 (this
 * client) or 503 (the listener) with reason code BUSY at once.
 */
public final class AuditApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditApiServer.class);
  private final Bus bus;
  private final Server server;
  private final URI url;
  private final int port;

  private AuditApiServer(Bus bus, Server server, URI url, int port) {
    this.bus = bus;
    this.server = server;
    this.url = url;
    this.port = port;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The API's base address, e.g. {@code https://127.0.0.1:8444/audit/v1}. */
  public URI url() {
    return url;
  }

  /** Stops listening and releases the port. */
  @Override
  public void close() {
    try {
      server.stop();
      server.destroy();
    } finally {
      UndertowListener.close(bus, port);
      LOG.info("audit API {} stopped", url);
    }
  }

  /** Configuration of an {@link AuditApiServer}; every setting without a default is required. */
  public static final class Builder {
    private String host;
    private int port = -1;
    private Credential tls;
    private TrustPolicy trust;
    private AuditorService service;
    private Clock clock = Clock.systemUTC();
    private ListenerSettings listenerSettings = ListenerSettings.DEFAULTS;

    private Builder() {}

    /** Timeouts, minimum body rate and concurrency limits (default: {@link ListenerSettings#DEFAULTS}). */
    public Builder listenerSettings(ListenerSettings settings) {
      this.listenerSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Interface (host name or IP) and port to listen on (config: auditApi.listen). */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** The gateway's TLS key and chain, presented to auditors. */
    public Builder tlsCredential(Credential tls) {
      this.tls = tls;
      return this;
    }

    /** Trust anchors (and CRLs) auditors' certificate chains must lead to. */
    public Builder trustPolicy(TrustPolicy trust) {
      this.trust = trust;
      return this;
    }

    /** Does the work of each call (and records it). */
    public Builder service(AuditorService service) {
      this.service = service;
      return this;
    }

    /** Clock for certificate validity (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Starts listening; the server is ready when this returns. */
    public AuditApiServer start() throws GatewayException {
      Objects.requireNonNull(service, "service");
      if (host == null || port < 1 || port > 65535 || tls == null || trust == null) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "the audit API needs auditApi.listen (host and a port "
            + "1-65535), the gateway's TLS credential and the trust anchors; check gateway.yaml");
      }
      TlsMaterial material = TlsMaterial.of(tls, List.copyOf(trust.anchors()));
      URI url = URI.create("https://" + host + ":" + port + AuditApiResource.BASE);
      // every client the TLS handshake let in reaches the resource, which checks the auditor purpose and
      // records refusals; the guard only bounds how long and how many requests each one holds
      ListenerGuard guard = new ListenerGuard("the audit API", listenerSettings, client -> Optional.empty(),
          ReasonCode.AUDITOR_NOT_AUTHORIZED, ListenerAnswers::json, false);
      return UndertowListener.open(host, port, material, "the audit API", listenerSettings, guard, bus -> {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress(url.toString());
        factory.setResourceClasses(AuditApiResource.class);
        factory.setResourceProvider(AuditApiResource.class, new SingletonResourceProvider(
            new AuditApiResource(service, new AuditorAuthentication(trust, clock))));
        factory.setProviders(List.of(new JacksonJsonProvider(AuditApiJson.mapper()), new AuditApiErrors()));
        Server server = factory.create();
        LOG.info("audit API {} started", url);
        return new AuditApiServer(bus, server, url, port);
      });
    }
  }
}
