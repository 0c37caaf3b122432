package eu.mlagw.transport;

import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Finds out whether a peer refuses our TLS client certificate.
 *
 * <p>Why: with TLS 1.3 the server checks the client certificate after the client has finished its
 * handshake, so a refusal reaches an HTTP client only as a failed write ("Error writing to
 * server", "Broken pipe") that looks like a network failure. This probe opens one connection of
 * its own with the same key and trust material and asks for the WSDL: a certificate alert, or a
 * fault with subcode PEER_UNTRUSTED, means "refused"; any other answer means "accepted". It sends
 * no package data.
 */
final class TlsRefusalProbe {
  /** What the probe saw. */
  enum Verdict {
    REFUSED_OUR_CERTIFICATE, ACCEPTED, UNREACHABLE,
    /**
     * The TLS handshake completed on our side, then the server closed without a byte of answer:
     * what a server does that refuses our certificate without sending the TLS alert (seen with
     * the JDK's HttpsServer), but also what an overloaded one may do; so not proof of a refusal.
     */
    CLOSED_WITHOUT_ANSWER
  }

  private static final String[] CERTIFICATE_ALERTS = {"bad_certificate", "certificate_required",
      "certificate_unknown", "unknown_ca", "access_denied", "unsupported_certificate", "certificate_revoked",
      "certificate_expired"};

  private TlsRefusalProbe() {}

  static Verdict probe(URI url, SSLContext context, int timeoutMillis) {
    int port = url.getPort() < 0 ? 443 : url.getPort();
    boolean handshakeDone = false;
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(url.getHost(), port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.startHandshake();
      handshakeDone = true;
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url.getRawPath() + "?wsdl HTTP/1.1\r\nHost: " + url.getHost() + ":" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = socket.getInputStream().readNBytes(8192);
      if (answer.length == 0) {
        return Verdict.CLOSED_WITHOUT_ANSWER;
      }
      // TLS accepted us; the peer's authentication interceptor may still refuse our certificate.
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      return text.contains(ReasonCode.PEER_UNTRUSTED.name()) ? Verdict.REFUSED_OUR_CERTIFICATE : Verdict.ACCEPTED;
    } catch (java.net.SocketTimeoutException e) {
      return Verdict.UNREACHABLE;
    } catch (IOException | RuntimeException e) {
      if (isCertificateAlert(e)) {
        return Verdict.REFUSED_OUR_CERTIFICATE;
      }
      // With TLS 1.3 our handshake ends before the server has checked our certificate: a server
      // that then drops the connection without an alert looks like this.
      return handshakeDone && e instanceof IOException ? Verdict.CLOSED_WITHOUT_ANSWER : Verdict.UNREACHABLE;
    }
  }

  /** True if {@code e} or a cause reports a TLS alert about the certificate we presented (or did not). */
  static boolean isCertificateAlert(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof SSLException && message.contains("received fatal alert")) {
        for (String alert : CERTIFICATE_ALERTS) {
          if (message.contains(alert)) {
            return true;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
