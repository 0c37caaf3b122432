package eu.mlagw.transport;

import eu.mlagw.config.ListenerSettings;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.memory.HeapBudget;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.transport.http_undertow.CXFUndertowHttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a listener, run on Undertow's I/O thread before a request reaches CXF or takes
 * a worker thread: identifies the client by its TLS client certificate (the handshake already
 * required one that chains to a trusted root), refuses clients the listener does not serve at all
 * before their body is read (answered on the I/O thread; no worker thread, no slot), answers at once
 * with reason code BUSY when the client or the listener has too many requests in progress (the
 * listener's total is also bounded by the heap: {@link HeapBudget}), refuses
 * any request body on a read-only listener, and puts {@link RequestBodyPace} on the request body.
 *
 * <p>Hand-written rather than Undertow's {@code RequestLimitingHandler}: that one queues requests
 * over its limit (an unbounded queue when its size is 0), and a queued request keeps its connection
 * and its client waiting; it also has no per-client limit. Clients are told apart by certificate, not
 * by remote address: several gateways or auditors may share one address (NAT), and every request
 * here carries a trusted certificate.
 */
final class ListenerGuard implements CXFUndertowHttpHandler {
  /** Decides whether a client is served at all; the refusal text names the certificate and the fix. */
  interface Admission {
    Optional<String> refusal(X509Certificate client);
  }

  /** Writes a refusal in the listener's protocol (a SOAP fault, a JSON error). */
  interface Answer {
    void send(HttpServerExchange exchange, int status, ReasonCode reason, String message);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ListenerGuard.class);
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final AttachmentKey<AtomicReference<ConcurrencyLimits.Slot>> CURRENT_SLOT =
      (AttachmentKey) AttachmentKey.create(AtomicReference.class);
  private final String purpose;
  private final ListenerSettings settings;
  private final Admission admission;
  private final ReasonCode refusedReason;
  private final Answer answer;
  private final ConcurrencyLimits limits;
  private final boolean takesBodies;
  private final HeapBudget heap;
  private volatile HttpHandler next;

  /**
   * @param purpose what the listener is for, in messages ("the peer endpoint")
   * @param refusedReason the reason code of an {@code admission} refusal
   * @param takesBodies false for a read-only API: a request with a body is refused (400 INPUT_INVALID)
   *     before anything of it is read
   */
  ListenerGuard(String purpose, ListenerSettings settings, Admission admission, ReasonCode refusedReason,
      Answer answer, boolean takesBodies) {
    this(purpose, settings, admission, refusedReason, answer, takesBodies, HeapBudget.forTransfers());
  }

  /**
   * As above, with the listener's total lowered to the requests that fit in {@code heap}: each may
   * open a package and render a cover sheet, and a burst beyond the heap would end in
   * OutOfMemoryError (issue 10).
   */
  ListenerGuard(String purpose, ListenerSettings settings, Admission admission, ReasonCode refusedReason,
      Answer answer, boolean takesBodies, HeapBudget heap) {
    this.takesBodies = takesBodies;
    this.purpose = purpose;
    this.settings = settings;
    this.admission = admission;
    this.refusedReason = refusedReason;
    this.answer = answer;
    this.limits = new ConcurrencyLimits(settings.maxConcurrentPerClient(), heap.cap(settings.maxConcurrent()));
    this.heap = heap;
    if (limits.total() < settings.maxConcurrent()) {
      LOG.info("{} serves at most {} requests at once, not listeners.maxConcurrent={}: that many fit in the heap, "
          + "{}; more are answered BUSY (the sender retries); give the JVM more heap (-Xmx) to serve more",
          purpose, limits.total(), settings.maxConcurrent(), heap.describe());
    }
  }

  @Override
  public void setNext(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    X509Certificate client = clientCertificate(exchange);
    String who = Certificates.describe(client);
    // every body, also the unread rest of a refused request that Undertow drains, at the listener's pace
    long readTimeout = settings.readTimeout().toMillis();
    String from = who + " from " + exchange.getSourceAddress();
    exchange.addRequestWrapper((factory, ex) -> new RequestBodyPace(factory.create(), ex.getConnection(),
        ex.getIoThread(), () -> ex.isRequestComplete() || ex.isComplete() || !ex.getConnection().isOpen(),
        readTimeout, settings.minDataRate(), from));
    Optional<String> refusal = client == null
        ? Optional.of(purpose + " needs a TLS client certificate; none was presented")
        : admission.refusal(client);
    if (refusal.isPresent()) {
      LOG.warn("{} refused {} from {}: {}", purpose, who, exchange.getSourceAddress(), refusal.get());
      refuse(exchange, refusedReason == ReasonCode.AUDITOR_NOT_AUTHORIZED ? 403 : 500, refusedReason, refusal.get());
      return;
    }
    if (!takesBodies && (exchange.getRequestContentLength() > 0
        || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING))) {
      refuse(exchange, 400, ReasonCode.INPUT_INVALID, purpose + " is read-only and takes no request body; send the "
          + "request without one");
      return;
    }
    Object acquired = limits.tryAcquire(Certificates.fingerprint(client));
    if (acquired instanceof ConcurrencyLimits.Exceeded exceeded) {
      String why = exceeded == ConcurrencyLimits.Exceeded.CLIENT
          ? who + " already has " + limits.perClient() + " requests in progress at " + purpose
              + " (listeners.maxConcurrentPerClient); wait for one to finish, then retry"
          : purpose + " already serves " + limits.total() + " requests (listeners.maxConcurrent, or fewer: what "
              + "fits in its memory); retry in a few seconds";
      LOG.warn("{} answered BUSY to {} from {}: {}", purpose, who, exchange.getSourceAddress(), why);
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
      refuse(exchange, exceeded == ConcurrencyLimits.Exceeded.CLIENT ? 429 : 503, ReasonCode.BUSY, why);
      return;
    }
    ConcurrencyLimits.Slot slot = (ConcurrencyLimits.Slot) acquired;
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      slot.release();
      nextListener.proceed();
    });
    releaseOnClose(exchange.getConnection(), slot);
    try {
      next.handleRequest(exchange);
    } catch (Exception | Error e) {
      slot.release();
      throw e;
    }
  }

  /**
   * A cut connection does not always end its exchange (an unread body being drained is simply
   * dropped), so the slot is also released when the connection closes. One close listener per
   * connection, holding its current slot: keep-alive connections do not pile up listeners.
   */
  private static void releaseOnClose(ServerConnection connection, ConcurrencyLimits.Slot slot) {
    AtomicReference<ConcurrencyLimits.Slot> current = connection.getAttachment(CURRENT_SLOT);
    if (current == null) {
      AtomicReference<ConcurrencyLimits.Slot> created = new AtomicReference<>();
      connection.putAttachment(CURRENT_SLOT, created);
      connection.addCloseListener(c -> {
        ConcurrencyLimits.Slot last = created.getAndSet(null);
        if (last != null) {
          last.release();
        }
      });
      current = created;
    }
    current.set(slot);
  }

  /**
   * Answers at once, on the I/O thread, without a worker thread or a slot. Undertow then drains the
   * unread body in the background (non-blocking) under {@link RequestBodyPace}, so a slow client is
   * cut after readTimeout, while an honest one that is still sending sees the answer instead of a
   * reset connection (closing with unread data would reset it and lose the answer).
   */
  private void refuse(HttpServerExchange exchange, int status, ReasonCode reason, String message) {
    answer.send(exchange, status, reason, message);
  }

  private static X509Certificate clientCertificate(HttpServerExchange exchange) {
    SSLSessionInfo tls = exchange.getConnection().getSslSessionInfo();
    try {
      Certificate[] chain = tls == null ? null : tls.getPeerCertificates();
      return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (Exception e) {
      return null;
    }
  }
}
