package eu.mlagw.transport;

import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends packages to peer gateways: SOAP 1.2, the file streamed as an MTOM attachment (never read
 * into memory), over HTTPS with our TLS client certificate.
 *
 * <p>What is guaranteed: nothing is written to a server unless its chain leads to a trusted root
 * <em>and</em> its certificate is exactly the one configured for that peer (checked per request);
 * every failure is a {@link GatewayException} whose code says what to do: PEER_UNTRUSTED (fix the
 * configuration on one side; the message names the certificates), PEER_UNREACHABLE (retry later),
 * CONFIG_INVALID (wrong URL). A refusal about the package itself comes back as a receipt with
 * {@code accepted=false}, not as an exception.
 *
 * <p>Transfers reuse TLS: one TLS context per client, kept for the client's life, so a transfer to
 * a peer seen within {@link Builder#tlsSessionLifetime} resumes the TLS session (no certificate
 * exchange, no signatures) or, within a few seconds of the last call, reuses the idle connection
 * (HTTP keep-alive). That skips no per-request check: the server pin is checked before every
 * request on any connection, and the peer checks our certificate on every request. The chain checks
 * of a full handshake (trusted root, validity) are bounded in time: a session is resumed only
 * within the lifetime, and a connection takes new requests only within the lifetime of the socket
 * generation that opened it ({@link SessionBoundSockets}), so at most about twice the lifetime
 * passes between a full handshake and the last request made on its strength.
 *
 * <p>Thread-safe: each {@link #send} builds its own CXF client on this client's private bus; the
 * TLS context is shared, as JSSE allows.
 */
public final class PeerClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);
  private final Bus bus;
  private final TlsMaterial material;
  private final SessionBoundSockets sockets;
  private final Duration connectTimeout;
  private final Duration receiveTimeout;

  private PeerClient(Bus bus, TlsMaterial material, SessionBoundSockets sockets, Duration connectTimeout,
      Duration receiveTimeout) {
    this.bus = bus;
    this.material = material;
    this.sockets = sockets;
    this.connectTimeout = connectTimeout;
    this.receiveTimeout = receiveTimeout;
  }

  /** Starts configuring a client. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code packageFile} described by {@code metadata} to {@code peer} and returns its
   * receipt (accepted or refused). Throws only when the call itself failed. Sending the same
   * exchange again after a PEER_UNREACHABLE is safe for the protocol; whether the receiver treats
   * a repeat as a duplicate is the receiver's business (it sees the same exchange id).
   */
  public TransferReceipt send(PeerEndpoint peer, TransferMetadata metadata, Path packageFile) throws GatewayException {
    if (!Files.isRegularFile(packageFile) || !Files.isReadable(packageFile)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the package file " + packageFile
          + " does not exist or is not readable");
    }
    PeerGateway port = proxy(peer);
    Client client = ClientProxy.getClient(port);
    long started = System.nanoTime();
    try {
      TransferReceipt receipt = port.deliver(metadata.toWire(new DataHandler(new FileDataSource(packageFile.toFile()))));
      checkReceipt(receipt, peer, metadata);
      LOG.info("exchange {}: sent {} bytes to gateway {} in {} ms: {}", metadata.exchangeId(),
          metadata.packageSize(), peer.gatewayId(), (System.nanoTime() - started) / 1_000_000,
          receipt.isAccepted() ? "accepted" : "refused (" + receipt.getReasonCode() + ")");
      return receipt;
    } catch (RuntimeException e) {
      GatewayException failure = new ClientFailures(peer, () -> probe(peer)).translate(e);
      // DEBUG: the caller logs the failed attempt once, with its reason and what happens next
      LOG.debug("exchange {}: sending to gateway {} failed: {}", metadata.exchangeId(), peer.gatewayId(),
          failure.toString());
      throw failure;
    } finally {
      client.destroy();
    }
  }

  /**
   * Reports an evidence about an exchange to the gateway of its sender (same TLS pinning as {@link
   * #send}); returns its receipt (accepted, or refused with a reason code).
   */
  public TransferReceipt reportEvidence(PeerEndpoint peer, EvidenceReport report) throws GatewayException {
    PeerGateway port = proxy(peer);
    Client client = ClientProxy.getClient(port);
    try {
      TransferReceipt receipt = port.reportEvidence(report);
      if (receipt == null || !report.getExchangeId().equals(receipt.getExchangeId())) {
        throw new GatewayException(ReasonCode.MALFORMED, peer + " answered the evidence report of exchange "
            + report.getExchangeId() + " with " + (receipt == null ? "no receipt" : "a receipt for exchange "
            + receipt.getExchangeId()) + "; its gateway software is faulty, contact its operator");
      }
      return receipt;
    } catch (RuntimeException e) {
      throw new ClientFailures(peer, () -> probe(peer)).translate(e);
    } finally {
      client.destroy();
    }
  }

  /** Releases this client's CXF bus; calls in progress are not waited for. */
  @Override
  public void close() {
    bus.shutdown(false);
  }

  private PeerGateway proxy(PeerEndpoint peer) {
    JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
    factory.setBus(bus);
    factory.setServiceClass(PeerGateway.class);
    factory.setAddress(peer.url().toString());
    factory.setBindingId(PeerProtocol.SOAP12_BINDING);
    factory.setServiceName(PeerProtocol.SERVICE);
    factory.setEndpointName(PeerProtocol.PORT);
    factory.setProperties(Map.of(PeerProtocol.MTOM_ENABLED, Boolean.TRUE));
    PeerGateway port = factory.create(PeerGateway.class);

    HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
    CxfClients.configure(conduit, TlsMaterial.cxfClient(sockets.current()), new ServerPin(peer), connectTimeout,
        receiveTimeout);
    return port;
  }

  private TlsRefusalProbe.Verdict probe(PeerEndpoint peer) {
    try {
      return TlsRefusalProbe.probe(peer.url(), material.sslContext(), (int) Math.min(connectTimeout.toMillis(), 10_000));
    } catch (GeneralSecurityException e) {
      return TlsRefusalProbe.Verdict.UNREACHABLE;
    }
  }

  private static void checkReceipt(TransferReceipt receipt, PeerEndpoint peer, TransferMetadata metadata)
      throws GatewayException {
    if (receipt == null || !metadata.exchangeId().equals(receipt.getExchangeId())) {
      throw new GatewayException(ReasonCode.MALFORMED, peer + " answered exchange " + metadata.exchangeId()
          + " with " + (receipt == null ? "no receipt" : "a receipt for exchange " + receipt.getExchangeId())
          + "; its gateway software is faulty, contact its operator");
    }
  }

  /** Configuration of a {@link PeerClient}. */
  public static final class Builder {
    private Credential tls;
    private List<X509Certificate> trustedRoots = List.of();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration receiveTimeout = Duration.ofMinutes(2);
    private Duration tlsSessionLifetime = TlsMaterial.SESSION_LIFETIME;

    private Builder() {}

    /** Our TLS key and chain, presented to peers as client certificate. */
    public Builder tlsCredential(Credential tls) {
      this.tls = tls;
      return this;
    }

    /** Roots that peers' server chains must lead to (in addition to the per-peer pin). */
    public Builder trustedRoots(List<X509Certificate> roots) {
      this.trustedRoots = List.copyOf(roots);
      return this;
    }

    /** How long to wait for the TCP connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * How long a read may wait for data (default 2 min): mainly the wait for the receipt after the
     * upload, which includes the receiver's processing. Not a limit on the whole transfer, so large
     * packages on slow links are fine.
     */
    public Builder receiveTimeout(Duration timeout) {
      this.receiveTimeout = timeout;
      return this;
    }

    /**
     * How long a TLS session with a peer may be resumed by later connections, and a connection
     * generation reused (default 5 min, at least 1 s): a peer certificate that expired or lost its
     * root since the last full handshake is refused at the latest about twice this later. A
     * certificate no longer configured is refused at once anyway (pinned on every request).
     */
    public Builder tlsSessionLifetime(Duration lifetime) {
      if (lifetime.toSeconds() < 1) {
        throw new IllegalArgumentException("the TLS session lifetime must be at least 1 s, got " + lifetime);
      }
      this.tlsSessionLifetime = lifetime;
      return this;
    }

    /** Builds the client. */
    public PeerClient build() throws GatewayException {
      Objects.requireNonNull(tls, "tlsCredential");
      return build(TlsMaterial.of(tls, trustedRoots));
    }

    /** Builds the client on {@code material} (tests observe its trust decisions). */
    PeerClient build(TlsMaterial material) throws GatewayException {
      try {
        SessionBoundSockets sockets = new SessionBoundSockets(material.clientSockets(tlsSessionLifetime),
            tlsSessionLifetime);
        return new PeerClient(CxfClients.bus(), material, sockets, connectTimeout, receiveTimeout);
      } catch (GeneralSecurityException e) {
        throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot set up the TLS client with the credential "
            + tls + ": " + e.getMessage(), e);
      }
    }
  }
}
