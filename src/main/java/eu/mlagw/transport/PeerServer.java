package eu.mlagw.transport;

import eu.mlagw.config.ListenerSettings;
import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's listener for the peer protocol: {@code https://HOST:PORT/mlagw/peer}, SOAP 1.2 with
 * MTOM, on Undertow, with mutual TLS.
 *
 * <p>What is guaranteed: the TLS handshake requires a client certificate chaining to one of the
 * trusted roots; each request is then admitted only if that certificate is exactly one of the
 * expected peers' certificates (anything else gets a SOAP fault with subcode
 * {@code PEER_UNTRUSTED} before its package is read); a transfer must name the authenticated peer
 * as its sender gateway; the package is streamed to a temporary file (never held in memory),
 * checked against its declared size and SHA-256, passed to the {@link PackageReceiver}, and deleted
 * when the receiver returns. The server has a CXF bus of its own, so several servers (and clients)
 * can live in one JVM. Slow and greedy clients are bounded by {@link ListenerSettings} (see
 * {@link ListenerGuard}): a certificate that is not a peer's is refused before any of its request is
 * read and its connection closed, so an auditor or an office cannot hold this listener's capacity.
 */
public final class PeerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerServer.class);
  private final Bus bus;
  private final Server server;
  private final URI url;
  private final int port;

  private PeerServer(Bus bus, Server server, URI url, int port) {
    this.bus = bus;
    this.server = server;
    this.url = url;
    this.port = port;
  }

  /** Starts configuring a server. */
  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint address peers send to, e.g. {@code https://127.0.0.1:8443/mlagw/peer}. */
  public URI url() {
    return url;
  }

  /** Stops listening and releases the port; transfers in progress are cut. */
  @Override
  public void close() {
    try {
      server.stop();
      server.destroy();
    } finally {
      UndertowListener.close(bus, port);
      LOG.info("peer endpoint {} stopped", url);
    }
  }

  /** Configuration of a {@link PeerServer}; every setting without a default is required. */
  public static final class Builder {
    private String gatewayId;
    private String host;
    private int port = -1;
    private Credential tls;
    private List<X509Certificate> trustedRoots = List.of();
    private Map<String, X509Certificate> expectedPeers = Map.of();
    private PackageReceiver receiver;
    private EvidenceReceiver evidenceReceiver = EvidenceReceiver.NONE;
    private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private long maxPackageSize = Long.MAX_VALUE;
    private ListenerSettings listenerSettings = ListenerSettings.DEFAULTS;

    private Builder() {}

    /** This gateway's id, written into every receipt. */
    public Builder gatewayId(String gatewayId) {
      this.gatewayId = gatewayId;
      return this;
    }

    /** Interface (host name or IP) and port to listen on. */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** This gateway's TLS key and chain, presented to peers. */
    public Builder tlsCredential(Credential tls) {
      this.tls = tls;
      return this;
    }

    /** Roots that peers' TLS certificate chains must lead to (checked during the handshake). */
    public Builder trustedRoots(List<X509Certificate> roots) {
      this.trustedRoots = List.copyOf(roots);
      return this;
    }

    /** The peers admitted: gateway id → exactly the TLS certificate that gateway presents. */
    public Builder expectedPeers(Map<String, X509Certificate> peers) {
      this.expectedPeers = Map.copyOf(peers);
      return this;
    }

    /** Who takes over verified packages. */
    public Builder receiver(PackageReceiver receiver) {
      this.receiver = receiver;
      return this;
    }

    /** Who files evidences peers report about exchanges sent from here (default: refused). */
    public Builder evidenceReceiver(EvidenceReceiver receiver) {
      this.evidenceReceiver = receiver;
      return this;
    }

    /** Where packages are streamed while being received (default: java.io.tmpdir). */
    public Builder tempDirectory(Path dir) {
      this.tempDirectory = dir;
      return this;
    }

    /** Largest package accepted, in bytes (default: no limit); larger ones are refused with TOO_LARGE. */
    public Builder maxPackageSize(long bytes) {
      this.maxPackageSize = bytes;
      return this;
    }

    /** Timeouts, minimum body rate and concurrency limits (default: {@link ListenerSettings#DEFAULTS}). */
    public Builder listenerSettings(ListenerSettings settings) {
      this.listenerSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Starts listening; the server is ready when this returns. */
    public PeerServer start() throws GatewayException {
      requireSettings();
      TlsMaterial material = TlsMaterial.of(tls, trustedRoots);
      URI url = URI.create("https://" + host + ":" + port + PeerProtocol.PATH);
      ExpectedPeers peers = new ExpectedPeers(expectedPeers);
      // a certificate that is no peer's (an auditor's, an office's) is refused before CXF reads anything
      ListenerGuard guard = new ListenerGuard("the peer endpoint of gateway " + gatewayId, listenerSettings,
          client -> peers.identify(client).isPresent() ? Optional.empty()
              : Optional.of(PeerAuthenticationInterceptor.refusal(gatewayId, client)),
          ReasonCode.PEER_UNTRUSTED, ListenerAnswers::soapFault, true);
      return UndertowListener.open(host, port, material, "peers", listenerSettings, guard, bus -> {
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(PeerGateway.class);
        factory.setServiceBean(new PeerGatewayEndpoint(gatewayId, receiver, evidenceReceiver, new PackageSink(tempDirectory),
            maxPackageSize));
        factory.setAddress(url.toString());
        factory.setBindingId(PeerProtocol.SOAP12_BINDING);
        factory.setServiceName(PeerProtocol.SERVICE);
        factory.setEndpointName(PeerProtocol.PORT);
        factory.setProperties(Map.of(PeerProtocol.MTOM_ENABLED, Boolean.TRUE));
        factory.getInInterceptors().add(new PeerAuthenticationInterceptor(peers, gatewayId));
        factory.getOutFaultInterceptors().add(new FatalErrorEscalation()); // an Error ends the node, not a fault
        Server server = factory.create();
        LOG.info("peer endpoint {} started for gateway {}", url, gatewayId);
        return new PeerServer(bus, server, url, port);
      });
    }

    private void requireSettings() throws GatewayException {
      Objects.requireNonNull(receiver, "receiver");
      if (gatewayId == null || gatewayId.isBlank() || host == null || port < 1 || port > 65535 || tls == null) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID,
            "the peer listener needs the gateway id, a listen address, a port (1-65535) and a TLS credential");
      }
      if (expectedPeers.isEmpty()) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "no peer gateway is configured for gateway " + gatewayId
            + ": the peer listener would refuse every call; configure the peers' TLS certificates");
      }
    }
  }
}
