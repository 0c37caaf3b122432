package eu.mlagw.transport;

import eu.mlagw.config.ListenerSettings;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.cxf.transport.http_undertow.ThreadingParameters;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngine;

/**
 * CXF's Undertow engine for one port with the listener's timeouts set through Undertow's own
 * options, its worker pool sized to the concurrency limit, and a {@link ListenerGuard} in front of
 * every request.
 *
 * <ul>
 *   <li>{@code UndertowOptions.REQUEST_PARSE_TIMEOUT} = readTimeout: a request's headers must be
 *       complete within it (slow headers);
 *   <li>{@code UndertowOptions.NO_REQUEST_TIMEOUT} = idleTimeout: a connection without a request
 *       in progress (also one that never completes its TLS handshake) is closed after it;
 *   <li>the worker pool has {@code maxConcurrent} threads, so every admitted request gets one at
 *       once and the guard's limit is the real one;
 *   <li>the request body: {@link RequestBodyPace} (read timeout and minimum rate);
 *   <li>TLS sessions may be resumed for {@link TlsMaterial#SESSION_LIFETIME} (JSSE's default is
 *       24 h): a resumed session skips the client-certificate check of the handshake, so this bounds
 *       how long a client certificate that expired since is carried on (the per-request check of
 *       the {@link ListenerGuard} and the endpoints still compares it with the configured ones).
 * </ul>
 *
 * <p>CXF builds the Undertow server itself and offers one public hook into that build,
 * {@link #decorateUndertowSocketConnection}; this subclass uses it. {@code UndertowOptions.IDLE_TIMEOUT}
 * stays at CXF's 200 s: it also cuts a request that is being processed without traffic.
 */
final class GuardedUndertowEngine extends UndertowHTTPServerEngine {
  private final ListenerSettings settings;

  GuardedUndertowEngine(String host, int port, ListenerSettings settings, ListenerGuard guard) {
    super(host, port);
    this.settings = settings;
    ThreadingParameters threads = new ThreadingParameters();
    threads.setMinThreads(settings.maxConcurrent());
    threads.setMaxThreads(settings.maxConcurrent());
    setThreadingParameters(threads);
    setHandlers(List.of(guard));
  }

  @Override
  protected SSLContext createSSLContext() throws Exception {
    SSLContext context = super.createSSLContext();
    context.getServerSessionContext().setSessionTimeout((int) TlsMaterial.SESSION_LIFETIME.toSeconds());
    return context;
  }

  @Override
  public Undertow.Builder decorateUndertowSocketConnection(Undertow.Builder builder) {
    return super.decorateUndertowSocketConnection(builder)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) settings.readTimeout().toMillis())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) settings.idleTimeout().toMillis());
  }
}
