package eu.mlagw.transport;

import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * JSSE key and trust managers made from in-memory material: our TLS credential, and the roots a
 * peer's chain must lead to. Nothing is written to disk; the throw-away keystore password is
 * random and never leaves this class.
 */
final class TlsMaterial {
  private final KeyManager[] keyManagers;
  private final X509TrustManager trustManager;

  private TlsMaterial(KeyManager[] keyManagers, X509TrustManager trustManager) {
    this.keyManagers = keyManagers;
    this.trustManager = trustManager;
  }

  /** Key managers presenting {@code credential}, a PKIX trust manager anchored at {@code roots}. */
  static TlsMaterial of(Credential credential, List<X509Certificate> roots) throws GatewayException {
    if (roots.isEmpty()) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID,
          "no trusted root certificate is configured for peer TLS; configure the roots that issue the peers' TLS certificates");
    }
    try {
      char[] password = randomPassword();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("tls", credential.privateKey(), password, credential.chain().toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);

      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      for (int i = 0; i < roots.size(); i++) {
        anchors.setCertificateEntry("root-" + i, roots.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(anchors);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager) {
          return new TlsMaterial(kmf.getKeyManagers(), (X509TrustManager) tm);
        }
      }
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot set up TLS with the credential "
          + credential + ": " + e.getMessage(), e);
    }
  }

  KeyManager[] keyManagers() {
    return keyManagers.clone();
  }

  TrustManager[] trustManagers() {
    return new TrustManager[] {trustManager};
  }

  /** A TLS context with the same key and trust managers, for connections made outside CXF. */
  SSLContext sslContext() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(), trustManagers(), new SecureRandom());
    return context;
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] password = new char[24];
    for (int i = 0; i < password.length; i++) {
      password[i] = (char) ('a' + random.nextInt(26));
    }
    return password;
  }
}
