package eu.mlagw.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the case-system push, as a court's system would implement it (see
 * {@link CaseSystemSimulator}): checks the headers, streams every part into
 * {@link ReceivedExchanges} checking each document's size and SHA-256, and answers 201 with
 * {@code {"reference": ...}}; a repeat of a stored Idempotency-Key gets 200 with the same
 * reference and nothing is written. Errors are JSON {@code {"reasonCode", "message"}}.
 */
final class CaseSystemHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CaseSystemHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ReceivedExchanges store;
  private final CaseSystemSimulator.Behaviour behaviour;

  private final List<X509Certificate> admitted;

  CaseSystemHandler(ReceivedExchanges store, CaseSystemSimulator.Behaviour behaviour, List<X509Certificate> admitted) {
    this.store = store;
    this.behaviour = behaviour;
    this.admitted = List.copyOf(admitted);
  }

  @Override
  public void handle(HttpExchange http) throws IOException {
    try (http; InputStream body = http.getRequestBody()) {
      X509Certificate client = clientCertificate(http);
      if (admitted.stream().noneMatch(a -> Certificates.same(a, client))) {
        LOG.warn("case-system simulator refused a client: its TLS certificate {} is not admitted",
            Certificates.describe(client));
        body.transferTo(OutputStream.nullOutputStream());
        answer(http, 403, Map.of("reasonCode", "PEER_UNTRUSTED", "message", "the client certificate "
            + Certificates.describe(client) + " is not admitted by this system"));
        return;
      }
      if (!"POST".equals(http.getRequestMethod())) {
        body.transferTo(OutputStream.nullOutputStream());
        answer(http, 405, Map.of("reasonCode", "METHOD", "message", "only POST is served here"));
        return;
      }
      CaseSystemSimulator.Answer forced = behaviour.current();
      if (forced.status() != 0) {
        body.transferTo(OutputStream.nullOutputStream());
        answer(http, forced.status(), Map.of("reasonCode", "SIMULATED", "message", forced.message()));
        return;
      }
      try {
        receive(http, body);
      } catch (GatewayException e) {
        LOG.warn("case-system simulator refused a push: {}", e.toString());
        body.transferTo(OutputStream.nullOutputStream());
        answer(http, e.reason() == ReasonCode.INPUT_INVALID ? 400 : 422,
            Map.of("reasonCode", e.reason().name(), "message", e.getMessage()));
      }
    }
  }

  private void receive(HttpExchange http, InputStream body) throws GatewayException, IOException {
    String key = header(http, CaseSystemProtocol.IDEMPOTENCY_KEY);
    if (!key.equals(header(http, CaseSystemProtocol.EXCHANGE))) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the Idempotency-Key must be the exchange id of "
          + CaseSystemProtocol.EXCHANGE);
    }
    header(http, CaseSystemProtocol.SENDER);
    header(http, CaseSystemProtocol.RECIPIENT);
    String boundary = MultipartReader.boundary(http.getRequestHeaders().getFirst("Content-Type"))
        .orElseThrow(() -> new GatewayException(ReasonCode.INPUT_INVALID, "the body must be multipart/form-data with a boundary"));
    try {
      PushedExchange.requireId(key);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, e.getMessage(), e);
    }
    synchronized (store.lock(key)) {
      Optional<String> known = store.reference(key);
      if (known.isPresent()) {
        body.transferTo(OutputStream.nullOutputStream());
        LOG.info("case-system simulator: exchange {} is a repeat, reference {}", key, known.get());
        answer(http, 200, Map.of("reference", known.get(), "message", "already received"));
        return;
      }
      try (ReceivedExchanges.Staging staging = store.stage(key)) {
        int documents = readParts(new MultipartReader(body, boundary), staging);
        String reference = "CS-" + HexFormat.of().withUpperCase().formatHex(new SecureRandom().generateSeed(6));
        staging.commit(reference);
        LOG.info("case-system simulator: exchange {} received with {} documents, reference {}", key, documents, reference);
        answer(http, 201, Map.of("reference", reference, "message", "received " + documents + " documents"));
      }
    }
  }

  private static int readParts(MultipartReader parts, ReceivedExchanges.Staging staging)
      throws GatewayException, IOException {
    int documents = 0;
    boolean metadata = false;
    for (Optional<MultipartReader.Part> next; (next = parts.next()).isPresent(); ) {
      MultipartReader.Part part = next.get();
      String name = part.disposition("name").orElse("");
      String file = part.disposition("filename").orElse("");
      if (!metadata) {
        if (!CaseSystemProtocol.METADATA_PART.equals(name)) {
          throw new GatewayException(ReasonCode.MALFORMED, "the first part must be named 'metadata', got '" + name + "'");
        }
        staging.write(file.isEmpty() ? "metadata" : file, part.content(), -1, null);
        metadata = true;
        continue;
      }
      if (!CaseSystemProtocol.DOCUMENT_PART.equals(name)) {
        throw new GatewayException(ReasonCode.MALFORMED, "unexpected part '" + name + "'; documents are named 'document'");
      }
      String sha = part.headers().get(CaseSystemProtocol.PART_SHA256.toLowerCase(java.util.Locale.ROOT));
      String size = part.headers().get(CaseSystemProtocol.PART_SIZE.toLowerCase(java.util.Locale.ROOT));
      if (sha == null || size == null || !size.matches("[0-9]{1,19}")) {
        throw new GatewayException(ReasonCode.MALFORMED, "document part " + file + " lacks the headers "
            + CaseSystemProtocol.PART_SHA256 + " and " + CaseSystemProtocol.PART_SIZE);
      }
      staging.write(file, part.content(), Long.parseLong(size), sha);
      documents++;
    }
    if (!metadata) {
      throw new GatewayException(ReasonCode.MALFORMED, "the upload has no metadata part");
    }
    return documents;
  }

  private static X509Certificate clientCertificate(HttpExchange http) {
    try {
      Certificate[] chain = ((HttpsExchange) http).getSSLSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate ? (X509Certificate) chain[0] : null;
    } catch (SSLPeerUnverifiedException | ClassCastException e) {
      return null;
    }
  }

  private static String header(HttpExchange http, String name) throws GatewayException {
    String value = http.getRequestHeaders().getFirst(name);
    if (value == null || value.isBlank()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the header " + name + " is missing");
    }
    return value.strip();
  }

  private static void answer(HttpExchange http, int status, Map<String, String> fields) throws IOException {
    byte[] json = JSON.writeValueAsString(new LinkedHashMap<>(fields)).getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", "application/json");
    http.sendResponseHeaders(status, json.length);
    try (OutputStream out = http.getResponseBody()) {
      out.write(json);
    }
  }
}
