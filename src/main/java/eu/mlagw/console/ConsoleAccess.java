package eu.mlagw.console;

import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * Maps a TLS client certificate chain to a {@link ConsoleUser}: the leaf must carry the operator
 * ({@link CertificateRole#OPERATOR_KEY_PURPOSE}) or auditor ({@link CertificateRole#AUDITOR_KEY_PURPOSE})
 * key purpose and its chain must be valid now under the trust policy (anchors, validity, CRLs,
 * fail-closed). Nothing the client sends but its certificate decides. Thread-safe.
 */
final class ConsoleAccess {
  private final TrustPolicy trust;
  private final Clock clock;

  ConsoleAccess(TrustPolicy trust, Clock clock) {
    this.trust = trust;
    this.clock = clock;
  }

  /**
   * @throws GatewayException CONSOLE_NOT_AUTHORIZED with what was presented and how to get in
   */
  ConsoleUser user(List<X509Certificate> chain) throws GatewayException {
    if (chain.isEmpty()) {
      throw refused("no client certificate was presented. Import your operator or auditor certificate (PKCS#12) "
          + "into the browser and open the console again");
    }
    X509Certificate leaf = chain.get(0);
    EnumSet<ConsoleRole> roles = EnumSet.noneOf(ConsoleRole.class);
    if (CertificateRole.isOperator(leaf)) {
      roles.add(ConsoleRole.OPERATOR);
    }
    if (CertificateRole.isAuditor(leaf)) {
      roles.add(ConsoleRole.AUDITOR);
    }
    String subject = leaf.getSubjectX500Principal().getName();
    if (roles.isEmpty()) {
      throw refused("the certificate " + subject + " (issued by " + leaf.getIssuerX500Principal().getName()
          + ") is neither an operator's nor an auditor's: it lacks the operator key purpose "
          + CertificateRole.OPERATOR_KEY_PURPOSE + " and the auditor key purpose " + CertificateRole.AUDITOR_KEY_PURPOSE
          + " in its extended key usage. Ask the gateway's CA for an operator or auditor certificate (mlagw pki init "
          + "--operators NAME or --auditors NAME makes sample ones)");
    }
    Instant now = clock.instant();
    try {
      trust.validate(leaf, chain, now, now);
    } catch (GatewayException e) {
      throw refused("the certificate " + subject + " is not valid now (" + e.reason() + ": " + e.getMessage() + ")");
    }
    return new ConsoleUser(subject, fingerprint(leaf), roles);
  }

  static String fingerprint(X509Certificate cert) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate: " + e.getMessage(), e);
    }
  }

  private static GatewayException refused(String why) {
    return new GatewayException(ReasonCode.CONSOLE_NOT_AUTHORIZED, "access to the console refused: " + why);
  }
}
