package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Reads and writes key material files: PKCS#12 keystores (JDK format, readable by OpenSSL and
 * browsers), PEM certificates and CRLs. Error messages name the file and the likely fix, never a
 * password.
 */
public final class KeyStoreFiles {
  private KeyStoreFiles() {}

  /** Loads the only (or first) private key entry of a PKCS#12 keystore with its chain. */
  public static Credential readCredential(Path file, char[] password) throws GatewayException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          Key key = ks.getKey(alias, password);
          Certificate[] chain = ks.getCertificateChain(alias);
          if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
            continue;
          }
          List<X509Certificate> certs = new ArrayList<>();
          for (Certificate c : chain) {
            certs.add((X509Certificate) c);
          }
          return new Credential((PrivateKey) key, certs);
        }
      }
      throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, "the keystore " + file
          + " holds no private key with a certificate; import the key and its certificate chain into it");
    } catch (GatewayException e) {
      throw e;
    } catch (IOException e) {
      boolean badPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
          || String.valueOf(e.getMessage()).contains("password");
      throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, "cannot open the keystore " + file + ": "
          + (badPassword ? "the password is wrong; check the keystore password environment variable or file"
              : e.getMessage() + "; check that the file exists and is a PKCS#12 keystore"), e);
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, "cannot read the key in " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** Writes a PKCS#12 keystore holding one key entry (alias {@code alias}) with its chain. */
  public static void writeCredential(Path file, String alias, Credential credential, char[] password)
      throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, credential.privateKey(), password, credential.chain().toArray(new Certificate[0]));
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, password);
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot write keystore " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a PKCS#12 truststore of trusted certificates (for TLS clients and servers). */
  public static void writeTrustStore(Path file, List<X509Certificate> trusted, char[] password) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : trusted) {
        ks.setCertificateEntry("trusted-" + i++, c);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, password);
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot write truststore " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads every certificate in a PEM (or DER) file. */
  public static List<X509Certificate> readCertificates(Path file) throws GatewayException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, file + " holds no certificate");
      }
      return out;
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot read certificates from " + file + ": "
          + e.getMessage() + "; expected PEM (-----BEGIN CERTIFICATE-----) or DER", e);
    }
  }

  public static X509Certificate readCertificate(Path file) throws GatewayException {
    return readCertificates(file).get(0);
  }

  /** Reads every CRL in a PEM (or DER) file. */
  public static List<X509CRL> readCrls(Path file) throws GatewayException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509CRL> out = new ArrayList<>();
      for (CRL c : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
        out.add((X509CRL) c);
      }
      if (out.isEmpty()) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, file + " holds no CRL");
      }
      return out;
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot read CRLs from " + file + ": " + e.getMessage()
          + "; expected PEM (-----BEGIN X509 CRL-----) or DER", e);
    }
  }

  /** PEM text of a certificate. */
  public static String pem(X509Certificate cert) {
    try {
      return pem("CERTIFICATE", cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(X509CRL crl) {
    try {
      return pem("X509 CRL", crl.getEncoded());
    } catch (java.security.cert.CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PKCS#8 PEM of a private key (for interop tests with OpenSSL; never for production use). */
  public static String pemPrivateKey(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
            StandardCharsets.US_ASCII)
        + "\n-----END " + type + "-----\n";
  }
}
