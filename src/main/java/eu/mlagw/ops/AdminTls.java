package eu.mlagw.ops;

import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the admin listener when it is not on loopback: it presents the gateway's TLS
 * credential and, when a client offers a certificate, checks it against the trust anchors
 * (client certificates are asked for, not required: Prometheus scrapes with or without one). JDK
 * only (the transport package's TLS settings come with CXF, which stays in transport/). In memory:
 * nothing is written to disk; the keystore password is random and never leaves this class.
 */
final class AdminTls {
  private AdminTls() {}

  static SSLContext context(Credential tls, List<X509Certificate> anchors) throws GatewayException {
    try {
      char[] password = new char[24];
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < password.length; i++) {
        password[i] = (char) ('a' + random.nextInt(26));
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("tls", tls.privateKey(), password, tls.chain().toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      KeyStore roots = KeyStore.getInstance("PKCS12");
      roots.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        roots.setCertificateEntry("root-" + i, anchors.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(roots);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
      java.util.Arrays.fill(password, '\0');
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot set up TLS for the admin listener with the gateway's "
          + "TLS keystore: " + e.getMessage() + "; check gateway.tlsKeystore", e);
    }
  }
}
