package eu.mlagw.crypto;

/**
 * What a certificate is for; each role fixes the key usage and extended key usage the gateway
 * issues and later insists on.
 */
public enum CertificateRole {
  /** Root or issuing certification authority: keyCertSign, cRLSign. */
  CERTIFICATION_AUTHORITY,
  /** A participant's seal: digitalSignature + nonRepudiation, EKU emailProtection (CMS signing). */
  SEAL,
  /**
   * A gateway's evidence seal: digitalSignature + nonRepudiation, EKU emailProtection (CMS signing)
   * and {@link #GATEWAY_SEAL_KEY_PURPOSE}. Evidences and audit checkpoints are accepted only from a
   * certificate with that key purpose, so a participant's (office's) seal cannot speak for a gateway.
   */
  GATEWAY_SEAL,
  /** A participant's encryption key: keyEncipherment (RSA) or keyAgreement (EC), EKU emailProtection. */
  ENCRYPTION,
  /** A gateway's TLS key: digitalSignature (+ keyEncipherment for RSA), EKU serverAuth + clientAuth. */
  TLS,
  /**
   * An auditor's client certificate: digitalSignature, EKU clientAuth and {@link #AUDITOR_KEY_PURPOSE}.
   * The audit API admits a client only if its certificate carries that key purpose and chains to a
   * trust anchor; clientAuth alone (every gateway's TLS certificate has it) admits nobody.
   */
  AUDITOR,
  /**
   * An operator's client certificate for the web console: digitalSignature, EKU clientAuth and
   * {@link #OPERATOR_KEY_PURPOSE}. The console lets an operator act on exchanges (retry now, give up)
   * only with that key purpose; an auditor's or a gateway's certificate does not make an operator.
   */
  OPERATOR,
  /**
   * A time-stamping authority (RFC 3161): digitalSignature + nonRepudiation, EKU id-kp-timeStamping only, marked
   * critical as RFC 3161 2.3 requires. Signs the timestamps that give seals, evidences and checkpoints a
   * trusted time (CAdES-B-T).
   */
  TIME_STAMPING;

  /**
   * The extended-key-usage OID that makes a client certificate an auditor's ("id-kp-mlagwAuditor",
   * under the UUID arc 2.25 of ITU-T X.667, which needs no registration). Published: never change.
   */
  public static final String AUDITOR_KEY_PURPOSE = "2.25.57178991742325428372202449685779080009";

  /**
   * The extended-key-usage OID that makes a client certificate an operator's ("id-kp-mlagwOperator",
   * under the UUID arc 2.25 of ITU-T X.667). Published: never change.
   */
  public static final String OPERATOR_KEY_PURPOSE = "2.25.88283952468536320713045474831437754468";

  /**
   * The extended-key-usage OID that makes a seal certificate a gateway's evidence seal
   * ("id-kp-mlagwGatewaySeal", under the UUID arc 2.25 of ITU-T X.667). Published: never change.
   */
  public static final String GATEWAY_SEAL_KEY_PURPOSE = "2.25.233985002965874774470891880943725927147";

  /** True if {@code cert} carries the gateway-seal key purpose in its extended key usage. */
  public static boolean isGatewaySeal(java.security.cert.X509Certificate cert) {
    try {
      java.util.List<String> purposes = cert.getExtendedKeyUsage();
      return purposes != null && purposes.contains(GATEWAY_SEAL_KEY_PURPOSE);
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
  }

  /** True if {@code cert} carries the auditor key purpose in its extended key usage. */
  public static boolean isAuditor(java.security.cert.X509Certificate cert) {
    try {
      java.util.List<String> purposes = cert.getExtendedKeyUsage();
      return purposes != null && purposes.contains(AUDITOR_KEY_PURPOSE);
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
  }

  /** True if {@code cert} carries the operator key purpose in its extended key usage. */
  public static boolean isOperator(java.security.cert.X509Certificate cert) {
    try {
      java.util.List<String> purposes = cert.getExtendedKeyUsage();
      return purposes != null && purposes.contains(OPERATOR_KEY_PURPOSE);
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
  }
}
