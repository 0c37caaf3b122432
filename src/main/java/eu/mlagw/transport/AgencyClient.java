package eu.mlagw.transport;

import eu.mlagw.transport.agency.AgencyAcknowledgement;
import eu.mlagw.transport.agency.AgencyDelivery;
import eu.mlagw.transport.agency.AgencyDocument;
import eu.mlagw.transport.agency.AgencyInbox;
import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes an exchange to an agency's system in its own format: one {@link AgencyInbox#deliver} call,
 * SOAP 1.2, the agency-format metadata XML as text, the handling codes, and every document as an
 * MTOM attachment streamed from its file (bounded memory for any size), over mutual TLS.
 *
 * <p>What is guaranteed: nothing is written unless the server's chain leads to a trusted root,
 * names the URL's host, <em>and</em> its certificate is exactly the pinned one (checked per
 * request before the first byte). Accepted acknowledgement → {@link PushReceipt}; otherwise a
 * {@link GatewayException}: DELIVERY_REFUSED (accepted=false, or a SOAP Sender fault: the message
 * quotes the agency), PEER_UNREACHABLE (no connection, timeout, HTTP error, a Receiver fault:
 * retry with the same exchange id), PEER_UNTRUSTED (pin mismatch, or our certificate refused),
 * INPUT_INVALID (a file missing or not of its declared size, metadata over 16 MiB).
 *
 * <p>Thread-safe: each push builds its own CXF client on this client's private bus.
 */
public final class AgencyClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgencyClient.class);
  private static final long METADATA_LIMIT = 16L << 20;
  private final Bus bus;
  private final TlsMaterial material;
  private final X509Certificate ours;
  private final Duration connectTimeout;
  private final Duration receiveTimeout;

  private AgencyClient(Bus bus, TlsMaterial material, X509Certificate ours, Duration connectTimeout,
      Duration receiveTimeout) {
    this.bus = bus;
    this.material = material;
    this.ours = ours;
    this.connectTimeout = connectTimeout;
    this.receiveTimeout = receiveTimeout;
  }

  /** Starts configuring a client. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Pushes {@code exchange} (its metadata document must be the agency-format XML, UTF-8) with
   * {@code handlingCodes}; returns only when the agency accepted it.
   */
  public PushReceipt push(PushEndpoint endpoint, PushedExchange exchange, List<String> handlingCodes)
      throws GatewayException {
    long metadataSize = Uploads.checkFiles(exchange);
    if (metadataSize > METADATA_LIMIT) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "exchange " + exchange.exchangeId() + ": the agency "
          + "metadata " + exchange.metadataDocument() + " has " + metadataSize + " bytes; at most 16 MiB is sent as text");
    }
    AgencyDelivery delivery = delivery(exchange, handlingCodes);
    PushFailures failures = new PushFailures(endpoint, exchange.exchangeId(), ours,
        () -> Uploads.probe(endpoint, material, connectTimeout));
    AgencyInbox port = proxy(endpoint);
    Client client = ClientProxy.getClient(port);
    long started = System.nanoTime();
    try {
      AgencyAcknowledgement ack = port.deliver(delivery);
      if (ack == null || !ack.isAccepted()) {
        throw failures.refused(ack == null ? "no acknowledgement" : "reason " + ack.getReasonCode(),
            ack == null ? "" : ack.getMessage());
      }
      LOG.info("exchange {}: delivered {} documents ({} bytes) to {} in {} ms, reference '{}'", exchange.exchangeId(),
          exchange.documents().size(), exchange.documentBytes(), endpoint, (System.nanoTime() - started) / 1_000_000,
          ack.getReference());
      return new PushReceipt(ack.getReference(), ack.getMessage());
    } catch (RuntimeException e) {
      GatewayException failure = translate(e, failures);
      LOG.warn("exchange {}: delivery failed: {}", exchange.exchangeId(), failure.toString());
      throw failure;
    } catch (GatewayException e) {
      LOG.warn("exchange {}: delivery refused: {}", exchange.exchangeId(), e.toString());
      throw e;
    } finally {
      client.destroy();
    }
  }

  /** Releases this client's CXF bus; calls in progress are not waited for. */
  @Override
  public void close() {
    bus.shutdown(false);
  }

  private static GatewayException translate(RuntimeException e, PushFailures failures) {
    SoapFault fault = ClientFailures.find(e, SoapFault.class);
    if (fault != null && ClientFailures.find(e, ServerPin.Mismatch.class) == null) {
      QName code = fault.getFaultCode();
      if (Soap12.getInstance().getSender().equals(code)) {
        return failures.refused("SOAP fault", fault.getMessage());
      }
      return failures.unreachable("failed while processing the delivery (SOAP fault \""
          + PushFailures.quote(fault.getMessage()) + "\")", e);
    }
    HTTPException http = ClientFailures.find(e, HTTPException.class);
    if (http != null) {
      return failures.unreachable("answered HTTP " + http.getResponseCode() + " " + http.getResponseMessage(), e);
    }
    return failures.translate(e);
  }

  private static AgencyDelivery delivery(PushedExchange exchange, List<String> handlingCodes) throws GatewayException {
    AgencyDelivery delivery = new AgencyDelivery();
    delivery.setExchangeId(exchange.exchangeId());
    delivery.setSender(exchange.sender());
    delivery.setRecipient(exchange.recipient());
    try {
      delivery.setMetadata(Files.readString(exchange.metadataDocument(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "exchange " + exchange.exchangeId() + ": cannot read the "
          + "agency metadata " + exchange.metadataDocument() + " as UTF-8 text: " + e.getMessage(), e);
    }
    delivery.getHandlingCodes().addAll(List.copyOf(handlingCodes));
    for (PushedDocument d : exchange.documents()) {
      AgencyDocument document = new AgencyDocument();
      document.setName(d.name());
      document.setMediaType(d.mediaType());
      document.setSha256(d.sha256Hex());
      document.setSize(d.size());
      document.setContent(new DataHandler(new FileDataSource(d.file().toFile())));
      delivery.getDocuments().add(document);
    }
    return delivery;
  }

  private AgencyInbox proxy(PushEndpoint endpoint) {
    JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
    factory.setBus(bus);
    factory.setServiceClass(AgencyInbox.class);
    factory.setAddress(endpoint.url().toString());
    factory.setBindingId(PeerProtocol.SOAP12_BINDING);
    factory.setServiceName(AgencyProtocol.SERVICE);
    factory.setEndpointName(AgencyProtocol.PORT);
    factory.setProperties(Map.of(PeerProtocol.MTOM_ENABLED, Boolean.TRUE));
    AgencyInbox port = factory.create(AgencyInbox.class);
    HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
    CxfClients.configure(conduit, material, new ServerPin("the delivery endpoint of participant " + endpoint.participant(),
        endpoint.url(), endpoint.certificate()), connectTimeout, receiveTimeout);
    return port;
  }

  /** Configuration of an {@link AgencyClient}. */
  public static final class Builder {
    private Credential tls;
    private List<X509Certificate> trustedRoots = List.of();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration receiveTimeout = Duration.ofMinutes(2);

    private Builder() {}

    /** This gateway's TLS key and chain, presented as client certificate. */
    public Builder tlsCredential(Credential tls) {
      this.tls = tls;
      return this;
    }

    /** Roots the agencies' server chains must lead to (in addition to the per-endpoint pin). */
    public Builder trustedRoots(List<X509Certificate> roots) {
      this.trustedRoots = List.copyOf(roots);
      return this;
    }

    /** How long to wait for the TCP connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long a read may wait (default 2 min): mainly the acknowledgement after the upload. */
    public Builder receiveTimeout(Duration timeout) {
      this.receiveTimeout = timeout;
      return this;
    }

    /** Builds the client. */
    public AgencyClient build() throws GatewayException {
      Objects.requireNonNull(tls, "tlsCredential");
      return new AgencyClient(CxfClients.bus(), TlsMaterial.of(tls, trustedRoots), tls.certificate(),
          connectTimeout, receiveTimeout);
    }
  }
}
