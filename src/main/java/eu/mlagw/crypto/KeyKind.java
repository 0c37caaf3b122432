package eu.mlagw.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/** The key types the gateway issues and accepts: RSA 3072 and ECDSA/ECDH on P-256. */
public enum KeyKind {
  RSA_3072,
  EC_P256;

  /** Generates a fresh key pair of this kind from the JDK providers. */
  public KeyPair generate(SecureRandom random) {
    try {
      if (this == RSA_3072) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072, random);
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
    }
  }

  /** Parses "rsa" or "ec" (any case); the message lists what is allowed. */
  public static KeyKind parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "rsa":
      case "rsa3072":
      case "rsa_3072":
        return RSA_3072;
      case "ec":
      case "p256":
      case "ec_p256":
        return EC_P256;
      default:
        throw new IllegalArgumentException("key algorithm '" + text + "' is not supported; allowed: rsa, ec");
    }
  }

  static KeyKind of(java.security.Key key) {
    return "RSA".equals(key.getAlgorithm()) ? RSA_3072 : EC_P256;
  }

  String signatureAlgorithm() {
    return this == RSA_3072 ? "SHA256withRSA" : "SHA256withECDSA";
  }
}
