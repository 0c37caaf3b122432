package eu.mlagw.console;

import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The console's TLS context: the gateway's TLS credential, and client certificates checked against
 * the trust anchors during the handshake (the listener requires one; roles, validity now and CRLs are
 * checked per request by {@link ConsoleAccess}). JDK only, in memory; the keystore password is random
 * and never leaves this class.
 */
final class ConsoleTls {
  private ConsoleTls() {}

  static SSLContext context(Credential tls, List<X509Certificate> anchors) throws GatewayException {
    char[] password = new char[24];
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < password.length; i++) {
      password[i] = (char) ('a' + random.nextInt(26));
    }
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("tls", tls.privateKey(), password, tls.chain().toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new AnchoredClients(anchors)}, random);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot set up TLS for the web console with the gateway's "
          + "TLS keystore: " + e.getMessage() + "; check gateway.tlsKeystore", e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * Admits a client whose chain leads to one of the anchors (PKIX path validation; revocation and
   * key purposes are checked per request by {@link ConsoleAccess}, which can then answer with a page
   * that says why). Unlike the JDK's default, it does not insist on the clientAuth key purpose in the
   * handshake: a participant's seal certificate gets to the refusal page instead of a broken connection.
   */
  private static final class AnchoredClients implements javax.net.ssl.X509TrustManager {
    private final java.util.Set<java.security.cert.TrustAnchor> anchors;
    private final X509Certificate[] issuers;

    AnchoredClients(List<X509Certificate> anchors) {
      this.anchors = new java.util.HashSet<>();
      for (X509Certificate a : anchors) {
        this.anchors.add(new java.security.cert.TrustAnchor(a, null));
      }
      this.issuers = anchors.toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      if (chain == null || chain.length == 0) {
        throw new java.security.cert.CertificateException("no client certificate");
      }
      try {
        java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
        List<X509Certificate> path = new java.util.ArrayList<>(List.of(chain));
        while (!path.isEmpty() && isAnchor(path.get(path.size() - 1))) {
          path.remove(path.size() - 1); // the anchor itself is not part of the path to validate
        }
        java.security.cert.PKIXParameters params = new java.security.cert.PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        java.security.cert.CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
      } catch (GeneralSecurityException e) {
        throw new java.security.cert.CertificateException("the client certificate does not chain to a trust anchor of "
            + "this gateway: " + e.getMessage(), e);
      }
    }

    private boolean isAnchor(X509Certificate c) {
      for (java.security.cert.TrustAnchor a : anchors) {
        if (a.getTrustedCert().equals(c)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("the console is a server only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return issuers.clone();
    }
  }
}
