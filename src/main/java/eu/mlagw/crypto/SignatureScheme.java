package eu.mlagw.crypto;

/** Signature schemes for seals; all use SHA-256. */
public enum SignatureScheme {
  RSA_PKCS1("SHA256withRSA"),
  RSA_PSS("SHA256withRSAandMGF1"),
  ECDSA("SHA256withECDSA");

  private final String jcaName;

  SignatureScheme(String jcaName) {
    this.jcaName = jcaName;
  }

  String jcaName() {
    return jcaName;
  }

  /** The default scheme for a key: PKCS#1 v1.5 for RSA (widest interop), ECDSA for EC. */
  public static SignatureScheme defaultFor(java.security.PrivateKey key) {
    return "RSA".equals(key.getAlgorithm()) ? RSA_PKCS1 : ECDSA;
  }
}
