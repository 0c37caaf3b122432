package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a certificate is trusted at a given time: a PKIX path to one of the configured
 * trust anchors, every certificate valid at that time, none revoked by the configured CRLs (a CA
 * without a CRL fails closed), and the leaf's key usage fit for the purpose. Immutable, thread-safe.
 */
public final class TrustPolicy {
  private final List<X509Certificate> anchors;
  private final List<X509Certificate> intermediates;
  private final List<X509CRL> crls;
  private final AlgorithmPolicy algorithms;

  /** A trust policy with the strict {@link AlgorithmPolicy}. */
  public TrustPolicy(Collection<X509Certificate> anchors, Collection<X509Certificate> intermediates,
      Collection<X509CRL> crls) {
    this(anchors, intermediates, crls, AlgorithmPolicy.strict());
  }

  public TrustPolicy(Collection<X509Certificate> anchors, Collection<X509Certificate> intermediates,
      Collection<X509CRL> crls, AlgorithmPolicy algorithms) {
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException("a trust policy needs at least one trust anchor");
    }
    this.anchors = List.copyOf(anchors);
    this.intermediates = List.copyOf(intermediates);
    this.crls = List.copyOf(crls);
    this.algorithms = java.util.Objects.requireNonNull(algorithms, "algorithms");
  }

  /** The algorithm policy every certificate of a path (and every signature verified against this policy) must meet. */
  public AlgorithmPolicy algorithms() {
    return algorithms;
  }

  public List<X509Certificate> anchors() {
    return anchors;
  }

  public List<X509CRL> crls() {
    return crls;
  }

  /** Human-readable names of the CRLs consulted, for verification reports. */
  public List<String> revocationSources() {
    List<String> out = new ArrayList<>();
    for (X509CRL crl : crls) {
      out.add("CRL of " + crl.getIssuerX500Principal().getName() + " (this update "
          + crl.getThisUpdate().toInstant() + ")");
    }
    return out;
  }

  /**
   * Validates {@code leaf} for sealing at {@code at}: returns the path leaf first, anchor last.
   *
   * @param supplied further certificates offered with the signature (may help build the path)
   * @throws GatewayException CERT_UNTRUSTED, CERT_EXPIRED, CERT_REVOKED, KEY_USAGE or ALGORITHM_REFUSED
   */
  public List<X509Certificate> validateSigner(X509Certificate leaf, Collection<X509Certificate> supplied,
      Instant at, Instant now) throws GatewayException {
    checkSealUsage(leaf);
    return validate(leaf, supplied, at, now);
  }

  /**
   * The seal profile of the package format: key usage digitalSignature or nonRepudiation, and an
   * extended key usage, when present, that includes emailProtection (CMS signing) or anyExtendedKeyUsage.
   * No extension at all means unrestricted (RFC 5280 4.2.1.3/4.2.1.12).
   */
  public static void checkSealUsage(X509Certificate leaf) throws GatewayException {
    boolean[] ku = leaf.getKeyUsage();
    if (ku != null && !ku[0] && !ku[1]) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the certificate of "
          + subject(leaf) + " does not allow signing (key usage lacks digitalSignature and "
          + "nonRepudiation); the sender must seal with its seal certificate, not its encryption or TLS one");
    }
    List<String> eku;
    try {
      eku = leaf.getExtendedKeyUsage();
    } catch (java.security.cert.CertificateParsingException e) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the extended key usage of " + subject(leaf)
          + " cannot be read: " + e.getMessage(), e);
    }
    if (eku != null && !eku.contains(EMAIL_PROTECTION) && !eku.contains(ANY_EXTENDED_KEY_USAGE)) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the certificate of " + subject(leaf)
          + " is not a seal certificate: its extended key usage is " + eku + " (got no emailProtection "
          + EMAIL_PROTECTION + "; a seal needs it); the sender must seal with its seal certificate, not a TLS one");
    }
  }

  /**
   * Refuses a certificate that cannot serve as this gateway's TLS certificate: its extended key usage
   * must allow TLS server and client authentication (serverAuth and clientAuth, or
   * anyExtendedKeyUsage), as peers and auditors are served with it and peers are called with it; a
   * certificate without the extension is not limited by it. A participant's seal (emailProtection)
   * configured as gateway.tlsKeystore is the mistake this catches.
   *
   * @throws GatewayException KEY_USAGE naming the usage found and the one needed
   */
  public static void checkTlsUsage(X509Certificate leaf) throws GatewayException {
    List<String> eku;
    try {
      eku = leaf.getExtendedKeyUsage();
    } catch (java.security.cert.CertificateParsingException e) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the extended key usage of " + subject(leaf)
          + " cannot be read: " + e.getMessage(), e);
    }
    if (eku != null && !eku.contains(ANY_EXTENDED_KEY_USAGE)
        && !(eku.contains(SERVER_AUTH) && eku.contains(CLIENT_AUTH))) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the certificate of " + subject(leaf) + " is not a TLS "
          + "certificate: its extended key usage is " + eku + "; a gateway's TLS certificate needs serverAuth "
          + SERVER_AUTH + " and clientAuth " + CLIENT_AUTH + " (mlagw pki init makes gateways/ID/tls.p12 with both)");
    }
  }

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
  private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  /**
   * Validates a certificate's path at {@code at} without a key-usage requirement on the leaf;
   * revocation is judged with the CRLs current at {@code now}.
   */
  public List<X509Certificate> validate(X509Certificate leaf, Collection<X509Certificate> supplied, Instant at,
      Instant now) throws GatewayException {
    List<X509Certificate> path = buildPath(leaf, supplied);
    X509Certificate top = path.get(path.size() - 1);
    X509Certificate anchor = anchorFor(top);
    if (anchor == null) {
      throw new GatewayException(ReasonCode.CERT_UNTRUSTED, "the certificate of " + subject(leaf)
          + " does not chain to a configured trust anchor (its chain ends at " + subject(top)
          + ", issued by " + top.getIssuerX500Principal().getName() + "); if this issuer is legitimate, "
          + "add its root CA to the trust anchors in the configuration");
    }
    // Algorithms first: a weak key or hash in the path makes every other check meaningless.
    for (X509Certificate cert : path) {
      if (!cert.equals(anchor)) {
        algorithms.checkCertificate(cert, false);
      }
    }
    algorithms.checkCertificate(anchor, true);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> toValidate = path.equals(List.of(anchor)) ? List.of() : pathWithout(path, anchor);
      CertPath certPath = cf.generateCertPath(toValidate);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
      params.setDate(Date.from(at));
      // Revocation is checked below, not by PKIX: the JDK only accepts CRLs whose validity window
      // contains the validation date (the signing time), so a CRL issued after signing would leave
      // every older package "undetermined".
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      List<X509Certificate> full = new ArrayList<>(toValidate);
      full.add(anchor);
      for (int i = 0; i < toValidate.size(); i++) {
        checkRevocation(toValidate.get(i), full.get(i + 1), now);
      }
      if (anchor.getNotBefore().toInstant().isAfter(at) || anchor.getNotAfter().toInstant().isBefore(at)) {
        throw new GatewayException(ReasonCode.CERT_EXPIRED, "the trust anchor " + subject(anchor)
            + " was not valid at " + at + " (valid " + anchor.getNotBefore().toInstant() + " to "
            + anchor.getNotAfter().toInstant() + ")");
      }
      return full;
    } catch (CertPathValidatorException e) {
      throw translate(e, leaf, at);
    } catch (CertificateException | InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot validate the certificate path of "
          + subject(leaf) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails closed: a certificate is accepted only if a configured CRL from its issuer (signature
   * verified with the issuer's key) covers it and does not list it. Any listing is fatal, whatever
   * the revocation date, because a key reported compromised may have been misused before.
   */
  private void checkRevocation(X509Certificate cert, X509Certificate issuer, Instant now) throws GatewayException {
    boolean covered = false;
    X509CRL stale = null;
    for (X509CRL crl : crls) {
      if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      try {
        crl.verify(issuer.getPublicKey());
      } catch (Exception e) {
        continue; // a CRL not signed by this issuer says nothing about its certificates
      }
      java.security.cert.X509CRLEntry entry = crl.getRevokedCertificate(cert);
      if (entry != null) {
        throw new GatewayException(ReasonCode.CERT_REVOKED, "the certificate " + subject(cert) + " (serial "
            + cert.getSerialNumber().toString(16) + ") was revoked on " + entry.getRevocationDate().toInstant()
            + (entry.getRevocationReason() != null ? " (" + entry.getRevocationReason() + ")" : "")
            + " according to the CRL of " + crl.getIssuerX500Principal().getName()
            + "; do not trust this package, confirm with the sender through another channel");
      }
      // A CRL past its nextUpdate still proves revocations, but not the absence of newer ones.
      if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
        stale = crl;
      } else {
        covered = true;
      }
    }
    if (!covered && stale != null) {
      throw new GatewayException(ReasonCode.CERT_UNTRUSTED, "the configured CRL of "
          + stale.getIssuerX500Principal().getName() + " expired on " + stale.getNextUpdate().toInstant()
          + ", so the revocation status of " + subject(cert) + " is unknown; install the issuer's current CRL");
    }
    if (!covered) {
      throw new GatewayException(ReasonCode.CERT_UNTRUSTED, "no configured CRL covers " + subject(cert)
          + ", so its revocation status is unknown; add the current CRL of "
          + cert.getIssuerX500Principal().getName() + " to the trust settings in the configuration");
    }
  }

  private static List<X509Certificate> pathWithout(List<X509Certificate> path, X509Certificate anchor) {
    List<X509Certificate> out = new ArrayList<>(path);
    out.remove(anchor);
    return out;
  }

  private GatewayException translate(CertPathValidatorException e, X509Certificate leaf, Instant at) {
    int index = e.getIndex();
    X509Certificate culprit = leaf;
    if (e.getCertPath() != null && index >= 0 && index < e.getCertPath().getCertificates().size()) {
      culprit = (X509Certificate) e.getCertPath().getCertificates().get(index);
    }
    CertPathValidatorException.Reason reason = e.getReason();
    if (reason == CertPathValidatorException.BasicReason.EXPIRED
        || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return new GatewayException(ReasonCode.CERT_EXPIRED, "the certificate " + subject(culprit)
          + " was not valid at the validation time " + at + " (valid " + culprit.getNotBefore().toInstant()
          + " to " + culprit.getNotAfter().toInstant() + "); the sender must seal again with a current certificate", e);
    }
    if (reason == CertPathValidatorException.BasicReason.REVOKED) {
      return new GatewayException(ReasonCode.CERT_REVOKED, "the certificate " + subject(culprit)
          + " (serial " + culprit.getSerialNumber().toString(16) + ") is revoked by a configured CRL: "
          + e.getMessage() + "; do not trust this package, ask the sender through another channel", e);
    }
    if (reason == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
      return new GatewayException(ReasonCode.CERT_UNTRUSTED, "no configured CRL covers " + subject(culprit)
          + " at " + at + " (" + e.getMessage() + "); add the current CRL of "
          + culprit.getIssuerX500Principal().getName() + " to the configuration", e);
    }
    if (reason == PKIXReason.INVALID_KEY_USAGE) {
      return new GatewayException(ReasonCode.KEY_USAGE, "a certificate in the path of " + subject(leaf)
          + " has a key usage that forbids this use: " + e.getMessage(), e);
    }
    return new GatewayException(ReasonCode.CERT_UNTRUSTED, "the certificate path of " + subject(leaf)
        + " is not valid: " + e.getMessage() + "; check the trust anchors and intermediates configured", e);
  }

  /** Builds leaf → ... → (a certificate issued by or equal to an anchor) by subject/issuer names. */
  private List<X509Certificate> buildPath(X509Certificate leaf, Collection<X509Certificate> supplied) {
    Set<X509Certificate> pool = new LinkedHashSet<>(supplied);
    pool.addAll(intermediates);
    List<X509Certificate> path = new ArrayList<>();
    Set<X509Certificate> seen = new HashSet<>();
    X509Certificate current = leaf;
    while (current != null && seen.add(current)) {
      path.add(current);
      if (anchorFor(current) != null) {
        break;
      }
      current = issuerOf(current, pool);
    }
    return path;
  }

  private X509Certificate anchorFor(X509Certificate cert) {
    for (X509Certificate anchor : anchors) {
      if (anchor.equals(cert) || issuedBy(cert, anchor)) {
        return anchor;
      }
    }
    return null;
  }

  private static X509Certificate issuerOf(X509Certificate cert, Collection<X509Certificate> pool) {
    if (cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
      return null; // self-signed, not an anchor
    }
    for (X509Certificate candidate : pool) {
      if (issuedBy(cert, candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  static String subject(X509Certificate cert) {
    return "'" + cert.getSubjectX500Principal().getName() + "'";
  }
}
