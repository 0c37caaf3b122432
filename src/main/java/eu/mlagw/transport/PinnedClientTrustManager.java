package eu.mlagw.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's trust manager that admits a client only if its chain passes the PKIX check of the
 * delegate <em>and</em> its certificate is exactly one of the admitted ones. Server certificates
 * are checked by the delegate alone (a server using this does not act as a client).
 */
final class PinnedClientTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(PinnedClientTrustManager.class);
  private final X509ExtendedTrustManager pkix;
  private final List<X509Certificate> admitted;

  PinnedClientTrustManager(X509ExtendedTrustManager pkix, List<X509Certificate> admitted) {
    this.pkix = pkix;
    this.admitted = List.copyOf(admitted);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
    requireAdmitted(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
    requireAdmitted(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkClientTrusted(chain, authType);
    requireAdmitted(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    pkix.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    pkix.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private void requireAdmitted(X509Certificate[] chain) throws CertificateException {
    X509Certificate presented = chain == null || chain.length == 0 ? null : chain[0];
    for (X509Certificate a : admitted) {
      if (Certificates.same(a, presented)) {
        return;
      }
    }
    LOG.warn("refused a TLS client: its certificate {} is not one of the {} admitted", Certificates.describe(presented),
        admitted.size());
    throw new CertificateException("the client certificate " + Certificates.describe(presented)
        + " is not one of the certificates admitted by this endpoint");
  }
}
