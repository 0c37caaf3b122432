package eu.mlagw.transport;

import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.security.transport.TLSSessionInfo;

/**
 * Decides whether the client of the current request is an auditor: its TLS client certificate
 * (required by the handshake) must carry the auditor key purpose
 * ({@link CertificateRole#AUDITOR_KEY_PURPOSE}) and its chain must be valid now under the trust
 * policy (trust anchor, validity, CRLs, fail-closed). The auditor's name is the certificate's
 * subject; nothing the client sends can change it. Thread-safe.
 */
final class AuditorAuthentication {
  private final TrustPolicy trust;
  private final Clock clock;

  AuditorAuthentication(TrustPolicy trust, Clock clock) {
    this.trust = trust;
    this.clock = clock;
  }

  /** The client certificate chain of the current request, leaf first; empty if none. */
  static List<X509Certificate> clientChain() {
    Message message = PhaseInterceptorChain.getCurrentMessage();
    TLSSessionInfo tls = message == null ? null : message.get(TLSSessionInfo.class);
    Certificate[] chain = tls == null ? null : tls.getPeerCertificates();
    List<X509Certificate> out = new ArrayList<>();
    if (chain != null) {
      for (Certificate c : chain) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
    }
    return out;
  }

  /** Who is calling, for the audit log: the certificate's subject, or "no client certificate". */
  static String describe(List<X509Certificate> chain) {
    return chain.isEmpty() ? "no client certificate" : chain.get(0).getSubjectX500Principal().getName();
  }

  /**
   * @return the auditor's name (the certificate's subject)
   * @throws GatewayException AUDITOR_NOT_AUTHORIZED naming what is missing and how to fix it
   */
  String auditor(List<X509Certificate> chain) throws GatewayException {
    if (chain.isEmpty()) {
      throw refused("no TLS client certificate was presented; call with an auditor certificate (curl --cert --key)");
    }
    X509Certificate leaf = chain.get(0);
    if (!CertificateRole.isAuditor(leaf)) {
      throw refused("the client certificate " + Certificates.describe(leaf) + " is not an auditor's: it lacks the "
          + "auditor key purpose " + CertificateRole.AUDITOR_KEY_PURPOSE + " in its extended key usage; ask the "
          + "gateway's CA for an auditor certificate (mlagw pki init --auditors NAME makes a sample one)");
    }
    Instant now = clock.instant();
    try {
      trust.validate(leaf, chain, now, now);
    } catch (GatewayException e) {
      throw refused("the auditor certificate " + Certificates.describe(leaf) + " is not valid now (" + e.reason() + ": "
          + e.getMessage() + ")");
    }
    return leaf.getSubjectX500Principal().getName();
  }

  private static GatewayException refused(String why) {
    return new GatewayException(ReasonCode.AUDITOR_NOT_AUTHORIZED, "access to the audit API refused: " + why);
  }
}
