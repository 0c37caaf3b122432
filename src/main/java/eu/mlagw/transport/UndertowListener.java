package eu.mlagw.transport;

import eu.mlagw.config.ListenerSettings;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.List;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngineFactory;

/**
 * Opens and closes one mutual-TLS HTTPS port for CXF endpoints on Undertow, each on a CXF bus of
 * its own, so several servers (and clients) can live in one JVM.
 *
 * <p>CXF keeps Undertow engines in one static map per JVM, keyed by port: opening checks and
 * creates under one lock, so a second listener on a busy port fails without touching the first,
 * and closing destroys the engine so the port can be used again.
 *
 * <p>A listener closes only its own port. CXF's engine factory, when any bus shuts down, calls
 * {@code shutdown()} on every engine of that JVM-wide map, whichever bus it belongs to: closing the
 * peer listener "shut down" the audit API's engine, which still served its endpoint, and CXF warned
 * "Failed to shutdown Undertow server ... still in use" at every normal stop. Each port opened here
 * is therefore marked with CXF's {@value #DONT_CLOSE_PORT}PORT property (its engine ignores such
 * bus-wide shutdowns) and destroyed by {@link #close(Bus, int)} itself.
 */
final class UndertowListener {
  /** Publishes the endpoints of a listener on the bus it is given. */
  interface Endpoints<T> {
    T publish(Bus bus) throws Exception;
  }

  /** CXF's per-port switch: an engine whose port has it set to true ignores bus shutdowns. */
  static final String DONT_CLOSE_PORT = "org.apache.cxf.transports.http_undertow.DontClosePort.";

  private UndertowListener() {}

  /**
   * Sets up TLS for {@code host:port} on a new bus and lets {@code endpoints} publish on it. On any
   * failure the bus and the port are released and a CONFIG_INVALID naming {@code purpose} is thrown.
   */
  static <T> T open(String host, int port, TlsMaterial tls, String purpose, Endpoints<T> endpoints)
      throws GatewayException {
    return open(host, port, tls, purpose, null, null, endpoints);
  }

  /**
   * As {@link #open(String, int, TlsMaterial, String, Endpoints)}, with the timeouts of
   * {@code settings} and {@code guard} in front of every request (see {@link GuardedUndertowEngine}).
   * Without settings (null): Undertow's and CXF's defaults, for the test simulators.
   */
  static <T> T open(String host, int port, TlsMaterial tls, String purpose, ListenerSettings settings,
      ListenerGuard guard, Endpoints<T> endpoints) throws GatewayException {
    synchronized (UndertowListener.class) {
      Bus bus = BusFactory.newInstance().createBus();
      UndertowHTTPServerEngineFactory engines = bus.getExtension(UndertowHTTPServerEngineFactory.class);
      if (engines.retrieveUndertowHTTPServerEngine(port) != null) {
        bus.shutdown(true); // the port's engine belongs to another listener: marked, so untouched
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot listen for " + purpose + " on " + host + ":"
            + port + ": another listener of this process uses that port; give each listener its own port");
      }
      System.setProperty(DONT_CLOSE_PORT + port, "true");
      try {
        if (settings != null) {
          // registered before CXF looks the port up, so CXF uses this engine instead of making its own
          engines.setEnginesList(List.of(new GuardedUndertowEngine(host, port, settings, guard)));
        }
        engines.setTLSServerParametersForPort(host, port, tls.cxfServer());
        if (settings != null) {
          engines.retrieveUndertowHTTPServerEngine(port).finalizeConfig();
        }
        return endpoints.publish(bus);
      } catch (Exception e) {
        close(bus, port);
        throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot listen for " + purpose + " on " + host + ":"
            + port + ": " + ClientFailures.rootMessage(e)
            + "; check that the address belongs to this machine and the port is free", e);
      }
    }
  }

  /**
   * Shuts {@code bus} down and frees {@code port} (the Undertow engine registry is static per JVM).
   * Under the same lock as opening: a bus shutting down walks that shared registry, and two
   * listeners closed side by side (the demo's gateways stopping in parallel) failed with a
   * NullPointerException in CXF.
   */
  static void close(Bus bus, int port) {
    synchronized (UndertowListener.class) {
      try {
        bus.shutdown(true);
      } finally {
        UndertowHTTPServerEngineFactory.destroyForPort(port);
        System.clearProperty(DONT_CLOSE_PORT + port);
      }
    }
  }
}
