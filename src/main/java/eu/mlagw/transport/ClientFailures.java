package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.transport.http.HTTPException;

/**
 * Turns what CXF and the JDK throw during a call into a {@link GatewayException} an operator can act
 * on. Distinguishes "they are not who we expect" / "they do not accept us" (PEER_UNTRUSTED, fix
 * the configuration) from "we could not get through" (PEER_UNREACHABLE, retry later).
 */
final class ClientFailures {
  private final PeerEndpoint peer;
  private final Supplier<TlsRefusalProbe.Verdict> probe;

  /** {@code probe} is consulted only when a call broke in a way that may hide a refused client certificate. */
  ClientFailures(PeerEndpoint peer, Supplier<TlsRefusalProbe.Verdict> probe) {
    this.peer = peer;
    this.probe = probe;
  }

  GatewayException translate(RuntimeException failure) {
    ServerPin.Mismatch mismatch = find(failure, ServerPin.Mismatch.class);
    if (mismatch != null) {
      return new GatewayException(ReasonCode.PEER_UNTRUSTED, mismatch.getMessage(), failure);
    }
    SoapFault fault = find(failure, SoapFault.class);
    if (fault != null) {
      return fromFault(fault, failure);
    }
    HTTPException http = find(failure, HTTPException.class);
    if (http != null) {
      return fromHttpStatus(http, failure);
    }
    if (TlsRefusalProbe.isCertificateAlert(failure)) {
      return refusedOurCertificate(failure);
    }
    SSLHandshakeException handshake = find(failure, SSLHandshakeException.class);
    if (handshake != null && find(failure, CertificateException.class) != null) {
      return new GatewayException(ReasonCode.PEER_UNTRUSTED, "the TLS certificate of " + peer
          + " is not trusted: " + handshake.getMessage() + "; its chain must lead to one of the configured "
          + "trusted roots and name the host of the URL", failure);
    }
    if (isNoAnswer(failure)) {
      return unreachable("no answer within the receive timeout (" + rootMessage(failure) + "); the peer may "
          + "still have received the package: a retry sends the same exchange id", failure);
    }
    if (isUnreachable(failure)) {
      return unreachable("cannot connect: " + rootMessage(failure)
          + "; check that the peer gateway is running and the URL, firewall and timeouts are right", failure);
    }
    return brokenCall(failure);
  }

  private GatewayException fromFault(SoapFault fault, RuntimeException failure) {
    for (QName subcode : fault.getSubCodes() == null ? java.util.List.<QName>of() : fault.getSubCodes()) {
      if (PeerProtocol.faultSubcode(ReasonCode.PEER_UNTRUSTED.name()).equals(subcode)) {
        return new GatewayException(ReasonCode.PEER_UNTRUSTED, peer + " refused the call: " + fault.getMessage(),
            failure);
      }
    }
    return unreachable("the peer failed while processing the transfer: " + fault.getMessage()
        + "; send it again later, and if this persists ask the peer's operator to check its log", failure);
  }

  private GatewayException fromHttpStatus(HTTPException http, RuntimeException failure) {
    int status = http.getResponseCode();
    if (status == 404 || status == 405) {
      return new GatewayException(ReasonCode.CONFIG_INVALID, "there is no peer endpoint at " + peer.url()
          + " (HTTP " + status + "); check the peer's URL, which ends in " + PeerProtocol.PATH, failure);
    }
    return unreachable("the peer answered HTTP " + status + " " + http.getResponseMessage(), failure);
  }

  /** A write or read that broke mid-call: a refused client certificate (TLS 1.3) or a real network failure. */
  private GatewayException brokenCall(RuntimeException failure) {
    TlsRefusalProbe.Verdict verdict = probe.get();
    if (verdict == TlsRefusalProbe.Verdict.REFUSED_OUR_CERTIFICATE) {
      return refusedOurCertificate(failure);
    }
    return unreachable("the call broke: " + rootMessage(failure) + " (a new TLS connection "
        + (verdict == TlsRefusalProbe.Verdict.ACCEPTED ? "is accepted" : "fails too") + ")", failure);
  }

  private GatewayException refusedOurCertificate(RuntimeException failure) {
    return new GatewayException(ReasonCode.PEER_UNTRUSTED, peer + " did not accept our TLS certificate ("
        + rootMessage(failure) + "); check that the peer has our current TLS certificate configured for this "
        + "gateway and trusts the root that issued it, and that our certificate has not expired", failure);
  }

  private GatewayException unreachable(String what, Throwable failure) {
    return new GatewayException(ReasonCode.PEER_UNREACHABLE, peer + ": " + what, failure);
  }

  /** A read timeout: connected and (at least partly) sent, but the receipt did not come in time. */
  static boolean isNoAnswer(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("Read timed out")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException || t instanceof HttpTimeoutException) {
        return true;
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("connection refused") || m.contains("timed out")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
