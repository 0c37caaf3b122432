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
  /** A participant's encryption key: keyEncipherment (RSA) or keyAgreement (EC), EKU emailProtection. */
  ENCRYPTION,
  /** A gateway's TLS key: digitalSignature (+ keyEncipherment for RSA), EKU serverAuth + clientAuth. */
  TLS,
  /** An auditor's client certificate: digitalSignature, EKU clientAuth. */
  AUDITOR
}
