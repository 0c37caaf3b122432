package eu.mlagw.testing;

import eu.mlagw.crypto.CertificateAuthority;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.TrustPolicy;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete PKI made in code for tests: root CA → issuing CA → participants' seal and encryption
 * credentials, plus CRLs and a trust policy. Each instance is independent (fresh keys).
 */
public final class TestPki {
  public static final Instant NOW = Instant.now();
  private final SecureRandom random = new SecureRandom();
  private final CertificateAuthority root;
  private final CertificateAuthority issuing;
  private final List<X509Certificate> revoked = new ArrayList<>();

  public TestPki() {
    this("Test");
  }

  public TestPki(String name) {
    root = CertificateAuthority.createRoot("CN=" + name + " Root CA,O=MLA Gateway Tests", KeyKind.RSA_3072,
        NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(3650)), random);
    issuing = root.createSubordinate("CN=" + name + " Issuing CA,O=MLA Gateway Tests", KeyKind.RSA_3072,
        NOW.minus(Duration.ofDays(399)), NOW.plus(Duration.ofDays(1825)));
  }

  /** A participant's seal and encryption credentials. */
  public record Participant(String id, Credential seal, Credential encryption) {}

  public Participant participant(String id, KeyKind kind) {
    return new Participant(id, seal(id, kind, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365))),
        issuing.issue(CertificateRole.ENCRYPTION, "CN=" + id + " encryption,O=" + id, kind,
            NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365)), List.of()));
  }

  public Credential seal(String id, KeyKind kind, Instant notBefore, Instant notAfter) {
    return issuing.issue(CertificateRole.SEAL, "CN=" + id + " seal,O=" + id, kind, notBefore, notAfter, List.of());
  }

  /** A gateway's evidence seal (key purpose {@link CertificateRole#GATEWAY_SEAL_KEY_PURPOSE}). */
  public Credential gatewaySeal(String gatewayId, KeyKind kind) {
    return gatewaySeal(gatewayId, kind, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365)));
  }

  /** A gateway's evidence seal valid from {@code notBefore} to {@code notAfter}. */
  public Credential gatewaySeal(String gatewayId, KeyKind kind, Instant notBefore, Instant notAfter) {
    return issuing.issue(CertificateRole.GATEWAY_SEAL, "CN=" + gatewayId + " evidence seal,O=MLA Gateway Tests", kind,
        notBefore, notAfter, List.of());
  }

  public Credential tls(String gatewayId) {
    return issuing.issue(CertificateRole.TLS, "CN=" + gatewayId, KeyKind.RSA_3072,
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), List.of("localhost"));
  }

  /** A time-stamping authority's credential (critical EKU id-kp-timeStamping), issued by the issuing CA. */
  public Credential timeStamping(String name) {
    return issuing.issue(CertificateRole.TIME_STAMPING, "CN=" + name + ",O=MLA Gateway Tests", KeyKind.RSA_3072,
        NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365)), List.of());
  }

  public void revoke(X509Certificate cert) {
    revoked.add(cert);
  }

  public X509Certificate rootCertificate() {
    return root.certificate();
  }

  public X509Certificate issuingCertificate() {
    return issuing.certificate();
  }

  public CertificateAuthority issuingAuthority() {
    return issuing;
  }

  /** CRLs of both CAs, reflecting {@link #revoke} calls so far. */
  public List<X509CRL> crls() {
    return List.of(
        root.issueCrl(List.of(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), BigInteger.ONE),
        issuing.issueCrl(revoked, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), BigInteger.ONE));
  }

  public TrustPolicy trustPolicy() {
    return new TrustPolicy(List.of(root.certificate()), List.of(issuing.certificate()), crls());
  }
}
