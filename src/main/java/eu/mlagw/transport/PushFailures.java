package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;

/**
 * The errors of a push to a participant's system, with the reason codes the routing acts on:
 * PEER_UNREACHABLE (retry later), DELIVERY_REFUSED (the system said no: quoted), PEER_UNTRUSTED
 * (its certificate is not the pinned one, or it refused ours: both certificates named). Shared by
 * {@link CaseSystemClient} and {@link AgencyClient}; the low-level classification is
 * {@link ClientFailures}'s.
 */
final class PushFailures {
  /** Longest part of a system's answer quoted in a message. */
  static final int QUOTE_LIMIT = 500;
  private final PushEndpoint endpoint;
  private final String exchangeId;
  private final X509Certificate ours;
  private final Supplier<TlsRefusalProbe.Verdict> probe;

  /** {@code probe} is consulted only when a call broke in a way that may hide a refused client certificate. */
  PushFailures(PushEndpoint endpoint, String exchangeId, X509Certificate ours, Supplier<TlsRefusalProbe.Verdict> probe) {
    this.endpoint = endpoint;
    this.exchangeId = exchangeId;
    this.ours = ours;
    this.probe = probe;
  }

  /** What a failed call (CXF or JDK, runtime or I/O exception) means for the delivery. */
  GatewayException translate(Throwable failure) {
    ServerPin.Mismatch mismatch = ClientFailures.find(failure, ServerPin.Mismatch.class);
    if (mismatch != null) {
      return new GatewayException(ReasonCode.PEER_UNTRUSTED, "exchange " + exchangeId + " was not delivered: "
          + mismatch.getMessage(), failure);
    }
    if (TlsRefusalProbe.isCertificateAlert(failure)) {
      return refusedOurCertificate(failure);
    }
    SSLHandshakeException handshake = ClientFailures.find(failure, SSLHandshakeException.class);
    if (handshake != null && ClientFailures.find(failure, CertificateException.class) != null) {
      return new GatewayException(ReasonCode.PEER_UNTRUSTED, "exchange " + exchangeId + " was not delivered: the TLS "
          + "certificate of " + endpoint + " is not trusted (" + handshake.getMessage() + "); its chain must lead "
          + "to one of the configured trusted roots and name the host of the URL", failure);
    }
    if (ClientFailures.isNoAnswer(failure)) {
      return unreachable("gave no answer within the receive timeout (" + ClientFailures.rootMessage(failure)
          + "); it may have received the exchange: the retry sends the same exchange id, which it must treat as a "
          + "repeat", failure);
    }
    if (ClientFailures.isUnreachable(failure)) {
      return unreachable("could not be reached (" + ClientFailures.rootMessage(failure) + ")", failure);
    }
    TlsRefusalProbe.Verdict verdict = probe.get();
    if (verdict == TlsRefusalProbe.Verdict.REFUSED_OUR_CERTIFICATE) {
      return refusedOurCertificate(failure);
    }
    if (verdict == TlsRefusalProbe.Verdict.CLOSED_WITHOUT_ANSWER) {
      return unreachable("could not be reached: the call broke (" + ClientFailures.rootMessage(failure)
          + ") and it closes new TLS connections without answering. If this persists, it probably does not "
          + "accept this gateway's TLS certificate " + Certificates.describe(ours) + ": check with its operator",
          failure);
    }
    return unreachable("could not be reached: the call broke (" + ClientFailures.rootMessage(failure)
        + "; a new TLS connection " + (verdict == TlsRefusalProbe.Verdict.ACCEPTED ? "is accepted" : "fails too")
        + ")", failure);
  }

  /** PEER_UNREACHABLE: "{endpoint} {what}; the delivery will be retried". */
  GatewayException unreachable(String what, Throwable cause) {
    return new GatewayException(ReasonCode.PEER_UNREACHABLE, "exchange " + exchangeId + " was not delivered: "
        + endpoint + " " + what + "; the delivery will be retried", cause);
  }

  /** DELIVERY_REFUSED quoting what the system said. */
  GatewayException refused(String how, String systemSaid) {
    return new GatewayException(ReasonCode.DELIVERY_REFUSED, endpoint + " refused exchange " + exchangeId + " (" + how
        + "): \"" + quote(systemSaid) + "\"; the exchange stays in the participant's inbox folder; resolve the "
        + "refusal with the operator of that system");
  }

  /** PEER_UNTRUSTED: the system does not accept our TLS client certificate. */
  GatewayException refusedOurCertificate(Throwable cause) {
    return new GatewayException(ReasonCode.PEER_UNTRUSTED, "exchange " + exchangeId + " was not delivered: "
        + endpoint + " did not accept this gateway's TLS certificate " + Certificates.describe(ours) + " ("
        + (cause == null ? "it answered that it does not know it" : ClientFailures.rootMessage(cause))
        + "); give its operator this certificate (and the root that issued it) to configure, and check that it "
        + "has not expired", cause);
  }

  /** At most {@link #QUOTE_LIMIT} characters of {@code text}, on one line. */
  static String quote(String text) {
    String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return t.length() <= QUOTE_LIMIT ? t : t.substring(0, QUOTE_LIMIT) + "…";
  }
}
