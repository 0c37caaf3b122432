package eu.mlagw.transport;

import eu.mlagw.crypto.Credential;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;

/**
 * JSSE key and trust managers made from in-memory material: our TLS credential, and the roots a
 * peer's chain must lead to (optionally also: exactly which client certificates a server admits).
 * Nothing is written to disk; the throw-away keystore password is random and never leaves this
 * class. The one place where the TLS settings of every client and server of this package are made.
 */
final class TlsMaterial {
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  /**
   * How long a TLS session may be resumed (clients and the servers of this package): within it a
   * new connection skips the certificate exchange, so the trust managers (chain, validity, the
   * server's admitted list) are not asked again. Both sides still pin the other's certificate on
   * every request ({@link ServerPin}, the endpoints' peer checks), so a certificate removed from the
   * configuration is refused at once; the lifetime bounds how long an expired certificate, or one
   * whose root was withdrawn, can go on through resumption. JSSE's default is 24 h.
   */
  static final Duration SESSION_LIFETIME = Duration.ofMinutes(5);
  private final KeyManager[] keyManagers;
  private final X509ExtendedTrustManager trustManager;

  private TlsMaterial(KeyManager[] keyManagers, X509ExtendedTrustManager trustManager) {
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
        if (tm instanceof X509ExtendedTrustManager) {
          return new TlsMaterial(kmf.getKeyManagers(), (X509ExtendedTrustManager) tm);
        }
      }
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot set up TLS with the credential "
          + credential + ": " + e.getMessage(), e);
    }
  }

  /**
   * The same material for a server that admits, in the TLS handshake itself, only clients whose
   * certificate chains to the roots <em>and</em> is exactly one of {@code admitted}; any other
   * client gets a certificate alert and can send nothing.
   */
  TlsMaterial admittingOnly(List<X509Certificate> admitted) throws GatewayException {
    if (admitted.isEmpty()) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID,
          "no client certificate is configured: the endpoint would refuse every caller; configure the TLS "
              + "certificate(s) of the gateway(s) allowed to deliver");
    }
    return withTrustManager(new PinnedClientTrustManager(trustManager, admitted));
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

  /**
   * The same material with {@code trustManager} in place of ours (which it may wrap), for a client
   * or server that must observe or narrow the trust decision.
   */
  TlsMaterial withTrustManager(X509ExtendedTrustManager trustManager) {
    return new TlsMaterial(keyManagers, trustManager);
  }

  /** Our PKIX trust manager, for wrapping in {@link #withTrustManager}. */
  X509ExtendedTrustManager trustManager() {
    return trustManager;
  }

  /**
   * Client sockets of one long-lived TLS context whose session cache keeps sessions for {@code
   * sessionLifetime} (whole seconds, at least 1): connections made from the factory to the same
   * server resume its session instead of a full handshake, and HttpsURLConnection's keep-alive
   * cache (keyed by the factory) can reuse the connection itself. Make it once per client, not
   * per call.
   */
  SSLSocketFactory clientSockets(Duration sessionLifetime) throws GeneralSecurityException {
    SSLContext context = sslContext();
    context.getClientSessionContext().setSessionTimeout((int) Math.max(1, sessionLifetime.toSeconds()));
    return context.getSocketFactory();
  }

  /** CXF client settings: present our certificate, check the server's chain (host name checked too). */
  TLSClientParameters cxfClient() {
    TLSClientParameters tls = new TLSClientParameters();
    tls.setKeyManagers(keyManagers());
    tls.setTrustManagers(trustManagers());
    return tls;
  }

  /**
   * CXF client settings using {@code sockets} (from {@link #clientSockets}) for every connection, so
   * that the TLS session and the connection outlive one CXF client; host name checked as above.
   */
  static TLSClientParameters cxfClient(SSLSocketFactory sockets) {
    TLSClientParameters tls = new TLSClientParameters();
    tls.setSSLSocketFactory(sockets);
    return tls;
  }

  /** CXF (Undertow) server settings: TLS 1.3/1.2, a client certificate required and checked. */
  TLSServerParameters cxfServer() {
    TLSServerParameters params = new TLSServerParameters();
    params.setKeyManagers(keyManagers());
    params.setTrustManagers(trustManagers());
    params.setIncludeProtocols(PROTOCOLS);
    ClientAuthentication clientAuth = new ClientAuthentication();
    clientAuth.setWant(true);
    clientAuth.setRequired(true);
    params.setClientAuthentication(clientAuth);
    return params;
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
