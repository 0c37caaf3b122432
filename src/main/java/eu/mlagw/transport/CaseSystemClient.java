package eu.mlagw.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes an exchange to a participant's own system (a court's case-management system) with ONE
 * {@code POST {url}}: {@code multipart/form-data}, part {@code metadata} then one part
 * {@code document} per document (filename, Content-Type, {@code X-MLAGW-SHA256},
 * {@code X-MLAGW-Size}), headers {@code Idempotency-Key} (the exchange id), {@code X-MLAGW-Exchange},
 * {@code X-MLAGW-Sender}, {@code X-MLAGW-Recipient}. The contract is
 * {@code openapi/mlagw-case-system-push-1.yaml}.
 *
 * <p>What is guaranteed: mutual TLS with our TLS credential; nothing is written unless the server's
 * chain leads to a trusted root, names the URL's host, <em>and</em> its certificate is exactly the
 * pinned one (checked after the handshake, before the first byte of the request); the body is
 * streamed from the files with a fixed Content-Length (bounded memory for any size); no redirect is
 * followed. 2xx → {@link PushReceipt} (reference from a JSON body {@code {"reference": "..."}}),
 * otherwise a {@link GatewayException}: PEER_UNREACHABLE (connection failed, timeout, 5xx, 408,
 * 429: retry with the same exchange id), PEER_UNTRUSTED (pin mismatch, our certificate refused in
 * TLS or with 401/403), DELIVERY_REFUSED (other 3xx/4xx: the message quotes the answer),
 * INPUT_INVALID (a file missing or not of its declared size).
 *
 * <p>Thread-safe; holds no connection between pushes (the JDK may keep one alive).
 */
public final class CaseSystemClient {
  private static final Logger LOG = LoggerFactory.getLogger(CaseSystemClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ANSWER_LIMIT = 64 * 1024;
  private final TlsMaterial material;
  private final SSLSocketFactory sockets;
  private final X509Certificate ours;
  private final Duration connectTimeout;
  private final Duration receiveTimeout;

  private CaseSystemClient(TlsMaterial material, X509Certificate ours, Duration connectTimeout, Duration receiveTimeout)
      throws GatewayException {
    this.material = material;
    this.ours = ours;
    this.connectTimeout = connectTimeout;
    this.receiveTimeout = receiveTimeout;
    try {
      this.sockets = material.sslContext().getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot set up TLS for the case-system push: " + e, e);
    }
  }

  /** Starts configuring a client. */
  public static Builder builder() {
    return new Builder();
  }

  /** Pushes {@code exchange} to {@code endpoint}; returns only when the system answered 2xx. */
  public PushReceipt push(PushEndpoint endpoint, PushedExchange exchange) throws GatewayException {
    MultipartUpload body = new MultipartUpload(exchange, Uploads.checkFiles(exchange));
    PushFailures failures = new PushFailures(endpoint, exchange.exchangeId(), ours,
        () -> Uploads.probe(endpoint, material, connectTimeout));
    long started = System.nanoTime();
    HttpsURLConnection c = null;
    try {
      c = (HttpsURLConnection) endpoint.url().toURL().openConnection();
      c.setSSLSocketFactory(sockets);
      c.setConnectTimeout((int) connectTimeout.toMillis());
      c.setReadTimeout((int) receiveTimeout.toMillis());
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setDoOutput(true);
      c.setRequestMethod("POST");
      c.setFixedLengthStreamingMode(body.length());
      c.setRequestProperty("Content-Type", body.contentType());
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty(CaseSystemProtocol.IDEMPOTENCY_KEY, exchange.exchangeId());
      c.setRequestProperty(CaseSystemProtocol.EXCHANGE, exchange.exchangeId());
      c.setRequestProperty(CaseSystemProtocol.SENDER, exchange.sender());
      c.setRequestProperty(CaseSystemProtocol.RECIPIENT, exchange.recipient());
      c.connect();
      ServerPin.check("the delivery endpoint of participant " + endpoint.participant(), endpoint.url(),
          endpoint.certificate(), c.getServerCertificates());
      try (OutputStream out = c.getOutputStream()) {
        body.writeTo(out);
      }
      int status = c.getResponseCode();
      String answer = read(status < 400 ? c.getInputStream() : c.getErrorStream());
      PushReceipt receipt = answer(status, c.getResponseMessage(), answer, failures);
      LOG.info("exchange {}: pushed {} documents ({} bytes) to {} in {} ms: HTTP {}, reference '{}'",
          exchange.exchangeId(), exchange.documents().size(), exchange.documentBytes(), endpoint,
          (System.nanoTime() - started) / 1_000_000, status, receipt.reference());
      return receipt;
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.disconnect();
      }
      GatewayException failure = failures.translate(e);
      LOG.warn("exchange {}: push failed: {}", exchange.exchangeId(), failure.toString());
      throw failure;
    } catch (GatewayException e) {
      LOG.warn("exchange {}: push failed: {}", exchange.exchangeId(), e.toString());
      throw e;
    }
  }

  private static PushReceipt answer(int status, String statusText, String body, PushFailures failures)
      throws GatewayException {
    String said = said(body, statusText);
    if (status >= 200 && status < 300) {
      return new PushReceipt(field(body, "reference"), "HTTP " + status + (said.isEmpty() ? "" : ": " + PushFailures.quote(said)));
    }
    if (status >= 500 || status == 408 || status == 429) {
      throw failures.unreachable("answered HTTP " + status + " \"" + PushFailures.quote(said) + "\"", null);
    }
    if (status == 401 || status == 403) {
      throw failures.refusedOurCertificate(new IOException("HTTP " + status + ": " + PushFailures.quote(said)));
    }
    throw failures.refused("HTTP " + status, said);
  }

  /** The {@code message} of a JSON answer if it has one, else the answer itself, else the status text. */
  private static String said(String body, String statusText) {
    String message = field(body, "message");
    if (!message.isEmpty()) {
      String code = field(body, "reasonCode");
      return code.isEmpty() ? message : code + ": " + message;
    }
    return body.isBlank() ? Objects.requireNonNullElse(statusText, "") : body;
  }

  private static String field(String body, String name) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.path(name).isTextual() ? node.path(name).asText() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (in) {
      byte[] bytes = in.readNBytes(ANSWER_LIMIT);
      in.transferTo(OutputStream.nullOutputStream());
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Configuration of a {@link CaseSystemClient}. */
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

    /** Roots the systems' server chains must lead to (in addition to the per-endpoint pin). */
    public Builder trustedRoots(List<X509Certificate> roots) {
      this.trustedRoots = List.copyOf(roots);
      return this;
    }

    /** How long to wait for the TCP connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long a read may wait (default 2 min): mainly the answer after the upload; not a limit on the upload. */
    public Builder receiveTimeout(Duration timeout) {
      this.receiveTimeout = timeout;
      return this;
    }

    /** Builds the client. */
    public CaseSystemClient build() throws GatewayException {
      Objects.requireNonNull(tls, "tlsCredential");
      return new CaseSystemClient(TlsMaterial.of(tls, trustedRoots), tls.certificate(), connectTimeout, receiveTimeout);
    }
  }
}
