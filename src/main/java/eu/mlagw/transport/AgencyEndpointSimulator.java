package eu.mlagw.transport;

import eu.mlagw.transport.agency.AgencyAcknowledgement;
import eu.mlagw.transport.agency.AgencyInbox;
import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agency's system as the SOAP delivery channel expects it, for tests and the demo: the
 * {@link AgencyInbox} contract at {@code https://HOST:PORT/agency/inbox} (SOAP 1.2, MTOM) on
 * Undertow with mutual TLS. The client certificate must chain to the trusted roots <em>and</em>
 * be exactly one of the admitted gateway certificates, checked in the TLS handshake (a refused
 * gateway can send nothing). Received exchanges go to {@code <folder>/<exchange-id>/}
 * ({@code metadata.xml}, the documents, {@code .reference}) as {@link ReceivedExchanges}
 * guarantees: streamed, SHA-256 and size checked (else refused with DIGEST_MISMATCH or MALFORMED),
 * atomic, once per exchange id (a repeat gets the same reference). {@link #refuse} makes it refuse
 * everything, to test that path.
 */
public final class AgencyEndpointSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgencyEndpointSimulator.class);
  private final Bus bus;
  private final Server server;
  private final URI url;
  private final int port;
  private final AtomicReference<AgencyAcknowledgement> refusal;

  private AgencyEndpointSimulator(Bus bus, Server server, URI url, int port,
      AtomicReference<AgencyAcknowledgement> refusal) {
    this.bus = bus;
    this.server = server;
    this.url = url;
    this.port = port;
    this.refusal = refusal;
  }

  /** Starts configuring a simulator. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL to configure as the participant's delivery url. */
  public URI url() {
    return url;
  }

  /** From now on, refuse every delivery with {@code reasonCode} and {@code message}, storing nothing. */
  public void refuse(String reasonCode, String message) {
    refusal.set(AgencyAcknowledgement.of(false, null, Objects.requireNonNull(reasonCode, "reasonCode"),
        Objects.requireNonNull(message, "message")));
  }

  /** From now on, receive normally (the default). */
  public void accept() {
    refusal.set(null);
  }

  /** Stops listening and frees the port; deliveries in progress are cut. */
  @Override
  public void close() {
    try {
      server.stop();
      server.destroy();
    } finally {
      UndertowListener.close(bus, port);
      LOG.info("agency simulator {} stopped", url);
    }
  }

  /** Configuration of an {@link AgencyEndpointSimulator}; every setting is required. */
  public static final class Builder {
    private String host;
    private int port = -1;
    private Credential tls;
    private List<X509Certificate> trustedRoots = List.of();
    private List<X509Certificate> admittedClients = List.of();
    private Path folder;

    private Builder() {}

    /** Interface and port (1-65535) to listen on. */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** The agency's TLS key and chain (the certificate the gateway pins). */
    public Builder tlsCredential(Credential tls) {
      this.tls = tls;
      return this;
    }

    /** Roots the gateways' client certificates must chain to. */
    public Builder trustedRoots(List<X509Certificate> roots) {
      this.trustedRoots = List.copyOf(roots);
      return this;
    }

    /** Exactly the TLS certificates of the gateways allowed to deliver. */
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
    public AgencyEndpointSimulator start() throws GatewayException {
      if (host == null || port < 1 || port > 65535 || tls == null || folder == null) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID,
            "the agency simulator needs a listen address, a port (1-65535), a TLS credential and a folder");
      }
      TlsMaterial material = TlsMaterial.of(tls, trustedRoots).admittingOnly(admittedClients);
      URI url = URI.create("https://" + host + ":" + port + AgencyProtocol.PATH);
      AtomicReference<AgencyAcknowledgement> refusal = new AtomicReference<>();
      return UndertowListener.open(host, port, material, "agency deliveries", bus -> {
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(AgencyInbox.class);
        factory.setServiceBean(new AgencyInboxEndpoint(new ReceivedExchanges(folder), refusal));
        factory.setAddress(url.toString());
        factory.setBindingId(PeerProtocol.SOAP12_BINDING);
        factory.setServiceName(AgencyProtocol.SERVICE);
        factory.setEndpointName(AgencyProtocol.PORT);
        factory.setProperties(Map.of(PeerProtocol.MTOM_ENABLED, Boolean.TRUE));
        Server server = factory.create();
        LOG.info("agency simulator listening at {}, storing into {}", url, folder);
        return new AgencyEndpointSimulator(bus, server, url, port, refusal);
      });
    }
  }
}
