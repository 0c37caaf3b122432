package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;

/**
 * Checks an RFC 3161 TimeStampToken against the digest it must cover: imprint algorithm SHA-256 and value, the
 * token's signature with the TSA certificate it carries, that certificate's validity at genTime and its critical
 * id-kp-timeStamping key purpose (Bouncy Castle's {@code TimeStampToken.validate}). The TSA certificate's path to a
 * trust anchor is the caller's to check ({@link TimeStampClient} at stamping time, {@link DetachedSignatureVerifier}
 * at verification). Stateless.
 */
final class TimeStampTokens {
  private static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

  private TimeStampTokens() {}

  /** A token whose signature and imprint checked out; its TSA path is not yet validated. */
  record Checked(TimeStampToken token, X509Certificate authority, List<X509Certificate> certificates,
      Instant time, String policy) {}

  /**
   * @param what names the token's role for messages, e.g. "the seal's signature-time-stamp"
   * @throws GatewayException with {@code failure} as the reason code when any check fails
   */
  static Checked check(TimeStampToken token, byte[] sha256, String what, ReasonCode failure) throws GatewayException {
    if (!NISTObjectIdentifiers.id_sha256.equals(token.getTimeStampInfo().getMessageImprintAlgOID())) {
      throw new GatewayException(failure, what + " covers a " + token.getTimeStampInfo().getMessageImprintAlgOID()
          + " digest; got that, allowed: SHA-256 (2.16.840.1.101.3.4.2.1)");
    }
    if (!MessageDigest.isEqual(sha256, token.getTimeStampInfo().getMessageImprintDigest())) {
      throw new GatewayException(failure, what + " is over other data than the signature value it is attached "
          + "to (message imprint mismatch): the signature or the timestamp was replaced");
    }
    List<X509Certificate> certs = new ArrayList<>();
    List<X509Certificate> matching = new ArrayList<>();
    JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
    try {
      for (X509CertificateHolder h : token.getCertificates().getMatches(null)) {
        certs.add(conv.getCertificate(h));
      }
      @SuppressWarnings("unchecked")
      Selector<X509CertificateHolder> sid = (Selector<X509CertificateHolder>) (Selector<?>) token.getSID();
      for (X509CertificateHolder h : token.getCertificates().getMatches(sid)) {
        matching.add(conv.getCertificate(h));
      }
    } catch (CertificateException | RuntimeException e) {
      throw new GatewayException(failure, what + ": a certificate inside it cannot be read (" + e.getMessage() + ")", e);
    }
    if (matching.isEmpty()) {
      throw new GatewayException(failure, what + " does not carry the TSA's certificate; the TSA must be asked "
          + "with certReq true");
    }
    X509Certificate tsa = matching.get(0);
    try {
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(CryptoProviders.ensureInstalled()).build(tsa));
    } catch (Exception e) {
      throw new GatewayException(failure, what + " does not verify with the certificate of "
          + TrustPolicy.subject(tsa) + ": " + e.getMessage(), e);
    }
    checkTimeStampingUsage(tsa);
    return new Checked(token, tsa, certs, token.getTimeStampInfo().getGenTime().toInstant(),
        token.getTimeStampInfo().getPolicy().getId());
  }

  /**
   * RFC 3161 2.3: the TSA's certificate has exactly one extended key usage, id-kp-timeStamping, in an extension
   * marked critical.
   *
   * @throws GatewayException KEY_USAGE naming what was found
   */
  static void checkTimeStampingUsage(X509Certificate cert) throws GatewayException {
    List<String> eku;
    try {
      eku = cert.getExtendedKeyUsage();
    } catch (java.security.cert.CertificateParsingException e) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the extended key usage of " + TrustPolicy.subject(cert)
          + " cannot be read: " + e.getMessage(), e);
    }
    boolean critical = cert.getCriticalExtensionOIDs() != null && cert.getCriticalExtensionOIDs().contains("2.5.29.37");
    if (eku == null || !eku.equals(List.of(TIME_STAMPING)) || !critical) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the certificate of " + TrustPolicy.subject(cert)
          + " is not a TSA certificate: its extended key usage is " + (eku == null ? "absent" : eku)
          + (critical ? " (critical)" : " (not critical)") + "; a TSA needs exactly id-kp-timeStamping "
          + TIME_STAMPING + " in a critical extension (RFC 3161 2.3; mlagw pki init makes ca/tsa.p12)");
    }
  }
}
