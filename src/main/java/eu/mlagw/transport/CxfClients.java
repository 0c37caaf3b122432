package eu.mlagw.transport;

import java.time.Duration;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.MessageTrustDecider;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/** How every CXF client of this package is set up: its own bus, mutual TLS, a pinned server, streaming. */
final class CxfClients {
  private CxfClients() {}

  /**
   * A new bus whose HTTP conduit is HttpURLConnection, not CXF 4's default java.net.http one: its
   * receive timeout is a per-read timeout (the HttpClient one bounds the whole upload), and CXF's
   * per-request trust decision ({@link ServerPin}) gets the certificates of the very connection used.
   */
  static Bus bus() {
    Bus bus = BusFactory.newInstance().createBus();
    bus.setExtension((HTTPConduitFactory) (transport, b, info, target) -> new URLConnectionHTTPConduit(b, info, target),
        HTTPConduitFactory.class);
    return bus;
  }

  /**
   * Our certificate and trusted roots, the server pin, timeouts (the receive timeout is per read,
   * so large uploads on slow links are fine), chunked streaming in 64 KiB, no redirects.
   */
  static void configure(HTTPConduit conduit, TlsMaterial material, MessageTrustDecider pin, Duration connectTimeout,
      Duration receiveTimeout) {
    configure(conduit, material.cxfClient(), pin, connectTimeout, receiveTimeout);
  }

  /** As above, with TLS settings of the caller's (e.g. {@link TlsMaterial#cxfClient(javax.net.ssl.SSLSocketFactory)}). */
  static void configure(HTTPConduit conduit, TLSClientParameters tls, MessageTrustDecider pin, Duration connectTimeout,
      Duration receiveTimeout) {
    conduit.setTlsClientParameters(tls);
    conduit.setTrustDecider(pin);
    HTTPClientPolicy policy = new HTTPClientPolicy();
    policy.setConnectionTimeout(connectTimeout.toMillis());
    policy.setReceiveTimeout(receiveTimeout.toMillis());
    policy.setAllowChunking(true);
    policy.setChunkLength(1 << 16);
    policy.setAutoRedirect(false);
    conduit.setClient(policy);
  }
}
