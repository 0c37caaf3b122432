package eu.mlagw.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/** How certificates are compared and named in messages: exact DER equality, SHA-256 fingerprints. */
final class Certificates {
  private Certificates() {}

  /** True only if both are the very same certificate (same DER bytes), not merely the same subject or key. */
  static boolean same(X509Certificate a, X509Certificate b) {
    try {
      return a != null && b != null && Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /** SHA-256 of the DER encoding, upper-case hex pairs separated by colons (as keytool/openssl print it). */
  static String fingerprint(X509Certificate cert) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      return "(unreadable certificate)";
    }
  }

  /** "subject 'CN=...' (SHA-256 AB:CD:...)": enough for an operator to find the certificate. */
  static String describe(X509Certificate cert) {
    if (cert == null) {
      return "no certificate";
    }
    return "subject '" + cert.getSubjectX500Principal().getName() + "' (SHA-256 " + fingerprint(cert) + ")";
  }
}
