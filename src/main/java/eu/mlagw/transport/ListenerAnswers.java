package eu.mlagw.transport;

import eu.mlagw.error.ReasonCode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * The refusals {@link ListenerGuard} writes itself, in each listener's protocol: a SOAP 1.2 fault
 * whose subcode is the reason code (as {@link PeerAuthenticationInterceptor} writes it, so
 * {@link PeerClient} reads both alike) and the audit API's JSON error {@code {reasonCode, message}}.
 */
final class ListenerAnswers {
  private ListenerAnswers() {}

  /** A SOAP 1.2 fault: Sender for a refused client, Receiver for BUSY (the same call may pass later). */
  static void soapFault(HttpServerExchange exchange, int status, ReasonCode reason, String message) {
    String code = reason == ReasonCode.BUSY ? "soap:Receiver" : "soap:Sender";
    String xml = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body><soap:Fault>"
        + "<soap:Code><soap:Value>" + code + "</soap:Value><soap:Subcode><soap:Value xmlns:peer=\""
        + PeerProtocol.NAMESPACE + "\">peer:" + reason.name() + "</soap:Value></soap:Subcode></soap:Code>"
        + "<soap:Reason><soap:Text xml:lang=\"en\">" + escape(message) + "</soap:Text></soap:Reason>"
        + "</soap:Fault></soap:Body></soap:Envelope>";
    send(exchange, status, "application/soap+xml; charset=UTF-8", xml);
  }

  /** The audit API's error body. */
  static void json(HttpServerExchange exchange, int status, ReasonCode reason, String message) {
    try {
      send(exchange, status, "application/json", AuditApiJson.mapper()
          .writeValueAsString(AuditApiJson.error(reason.name(), message)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON error", e);
    }
  }

  private static void send(HttpServerExchange exchange, int status, String contentType, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
