package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * An RFC 3161 client over HTTP (RFC 3161 3.4: POST application/timestamp-query, answer
 * application/timestamp-reply). Each request carries a fresh 64-bit nonce and certReq true; the answer is
 * accepted only if its status is granted, its nonce and message imprint are the request's, the token verifies
 * with the TSA certificate it carries, that certificate has the critical id-kp-timeStamping key purpose and its
 * path leads to one of the configured trust anchors at the token's time (revocation of the TSA is checked by
 * whoever verifies the seal, against their CRLs). Anything else is TSA_UNAVAILABLE, which callers treat as
 * transient (retried): a seal is never made without its timestamp once timestamping is configured.
 * Thread-safe.
 */
public final class TimeStampClient implements TimeStamper {
  /** Answers larger than this are refused unread (a token with a 3-certificate chain is about 5 KiB). */
  static final int MAX_RESPONSE_BYTES = 256 * 1024;

  private final URI url;
  private final List<X509Certificate> anchors;
  private final Duration timeout;
  private final HttpClient http;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param url the TSA's HTTP(S) URL
   * @param anchors the certificates the TSA's certificate must chain to
   * @param timeout connection and answer timeout of one request
   */
  public TimeStampClient(URI url, List<X509Certificate> anchors, Duration timeout) {
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException("a TSA client needs the TSA's trust anchor");
    }
    this.url = url;
    this.anchors = List.copyOf(anchors);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    CryptoProviders.ensureInstalled();
  }

  @Override
  public String source() {
    return url.toString();
  }

  @Override
  public byte[] stamp(byte[] sha256) throws GatewayException {
    TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
    gen.setCertReq(true);
    // 63 random bits with the top one set: the nonce's DER length never varies, so neither does the
    // token's because of it (a PAdES signature must fit the room its PDF reserved, see DetachedSigner)
    BigInteger nonce = new BigInteger(62, random).setBit(62);
    TimeStampRequest request = gen.generate(TSPAlgorithms.SHA256, sha256, nonce);
    byte[] answer = post(encoded(request));
    TimeStampResponse response;
    try {
      response = new TimeStampResponse(answer);
    } catch (Exception e) {
      throw unavailable("answered with something that is not a TimeStampResp (" + e.getMessage() + ")", e);
    }
    int status = response.getStatus();
    if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
      throw unavailable("refused the request: status " + status + (response.getStatusString() == null ? ""
          : " \"" + response.getStatusString() + "\"") + ", failure info " + (response.getFailInfo() == null ? "none"
          : response.getFailInfo().intValue()), null);
    }
    try {
      response.validate(request); // nonce, imprint, policy, certReq, status/token consistency
    } catch (Exception e) {
      throw unavailable("answered a token that does not match the request (" + e.getMessage() + ")", e);
    }
    TimeStampToken token = response.getTimeStampToken();
    TimeStampTokens.Checked checked;
    try {
      checked = TimeStampTokens.check(token, sha256, "the TSA's token", ReasonCode.TSA_UNAVAILABLE);
    } catch (GatewayException e) {
      throw unavailable("answered a token that does not check out: " + e.getMessage(), e);
    }
    checkPath(checked);
    return encoded(token);
  }

  private void checkPath(TimeStampTokens.Checked checked) throws GatewayException {
    try {
      List<X509Certificate> path = new ArrayList<>();
      X509Certificate cert = checked.authority();
      Set<X509Certificate> seen = new HashSet<>();
      while (cert != null && !anchors.contains(cert) && seen.add(cert)) {
        path.add(cert);
        X509Certificate c = cert;
        cert = checked.certificates().stream().filter(i -> !i.equals(c)
            && i.getSubjectX500Principal().equals(c.getIssuerX500Principal())).findFirst().orElse(null);
      }
      Set<TrustAnchor> trust = new HashSet<>();
      anchors.forEach(a -> trust.add(new TrustAnchor(a, null)));
      PKIXParameters params = new PKIXParameters(trust);
      params.setDate(Date.from(checked.time()));
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
          params);
    } catch (Exception e) {
      throw unavailable("signed with " + TrustPolicy.subject(checked.authority()) + ", which does not chain to "
          + "timestamping.trustAnchor (" + e.getMessage() + "); configure the TSA's root CA there", e);
    }
  }

  private byte[] post(byte[] request) throws GatewayException {
    HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/timestamp-query")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
    try {
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (resp.statusCode() != 200) {
          throw unavailable("answered HTTP " + resp.statusCode(), null);
        }
        if (body.length > MAX_RESPONSE_BYTES) {
          throw unavailable("answered more than " + MAX_RESPONSE_BYTES + " bytes", null);
        }
        return body;
      }
    } catch (IOException e) {
      throw unavailable("cannot be reached (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("was not waited for: interrupted", e);
    }
  }

  private GatewayException unavailable(String what, Exception cause) {
    return new GatewayException(ReasonCode.TSA_UNAVAILABLE, "the time-stamping authority " + url + " " + what
        + "; nothing is sealed without a timestamp, the step is retried (check timestamping.url in gateway.yaml "
        + "and that the TSA runs, e.g. mlagw tsa)", cause);
  }

  private static byte[] encoded(TimeStampRequest r) throws GatewayException {
    try {
      return r.getEncoded();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot encode a timestamp request: " + e.getMessage(), e);
    }
  }

  private static byte[] encoded(TimeStampToken t) throws GatewayException {
    try {
      return t.getEncoded();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot encode a timestamp token: " + e.getMessage(), e);
    }
  }
}
