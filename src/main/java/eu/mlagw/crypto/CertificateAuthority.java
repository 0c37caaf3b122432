package eu.mlagw.crypto;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certification authority that issues the certificates a gateway needs (CAs, seals, encryption,
 * TLS, auditors) and CRLs. Used by {@code mlagw pki init} for sample PKIs and by tests; a real
 * deployment imports certificates from its own PKI instead.
 *
 * <p>Serial numbers are random 127-bit positive integers. Not thread-safe.
 */
public final class CertificateAuthority {
  private final Credential credential;
  private final SecureRandom random;
  private final Publication publication;

  /**
   * Where this CA publishes its certificate and its CRL (HTTP URLs): every certificate it issues then carries
   * authority-info-access caIssuers = {@code certificateUrl} and a CRL distribution point = {@code crlUrl}, so a
   * validator (DSS, a court's tool) can find the issuer and the revocation data (RFC 5280 4.2.2.1, 4.2.1.13).
   */
  public record Publication(String certificateUrl, String crlUrl) {}

  private CertificateAuthority(Credential credential, SecureRandom random, Publication publication) {
    this.credential = credential;
    this.random = random;
    this.publication = publication;
  }

  private CertificateAuthority(Credential credential, SecureRandom random) {
    this(credential, random, null);
  }

  /** This CA, stamping AIA and CRL distribution points of {@code publication} into what it issues from now on. */
  public CertificateAuthority publishingAt(Publication publication) {
    return new CertificateAuthority(credential, random, publication);
  }

  /** Wraps an existing CA key and chain (leaf = the CA's own certificate). */
  public static CertificateAuthority of(Credential credential, SecureRandom random) {
    return new CertificateAuthority(credential, random);
  }

  /** Creates a self-signed root CA. */
  public static CertificateAuthority createRoot(
      String distinguishedName, KeyKind kind, Instant notBefore, Instant notAfter, SecureRandom random) {
    KeyPair keys = kind.generate(random);
    X500Name name = new X500Name(distinguishedName);
    X509Certificate cert =
        build(name, keys.getPrivate(), name, keys.getPublic(), null, CertificateRole.CERTIFICATION_AUTHORITY,
            notBefore, notAfter, random, List.of(), null);
    return new CertificateAuthority(new Credential(keys.getPrivate(), List.of(cert)), random);
  }

  /** Issues a subordinate CA under this one. */
  public CertificateAuthority createSubordinate(
      String distinguishedName, KeyKind kind, Instant notBefore, Instant notAfter) {
    KeyPair keys = kind.generate(random);
    X509Certificate cert = issueCertificate(CertificateRole.CERTIFICATION_AUTHORITY, distinguishedName,
        keys.getPublic(), notBefore, notAfter, List.of());
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    chain.addAll(credential.chain());
    return new CertificateAuthority(new Credential(keys.getPrivate(), chain), random, null);
  }

  /** Generates a key of {@code kind} and issues an end-entity certificate for it. */
  public Credential issue(CertificateRole role, String distinguishedName, KeyKind kind,
      Instant notBefore, Instant notAfter, List<String> dnsNames) {
    KeyPair keys = kind.generate(random);
    X509Certificate cert =
        issueCertificate(role, distinguishedName, keys.getPublic(), notBefore, notAfter, dnsNames);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    chain.addAll(credential.chain());
    return new Credential(keys.getPrivate(), chain);
  }

  /** Issues a certificate for a public key made elsewhere. */
  public X509Certificate issueCertificate(CertificateRole role, String distinguishedName, PublicKey key,
      Instant notBefore, Instant notAfter, List<String> dnsNames) {
    X509Certificate issuer = credential.certificate();
    return build(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), credential.privateKey(),
        new X500Name(distinguishedName), key, issuer, role, notBefore, notAfter, random, dnsNames, publication);
  }

  /** Issues a CRL listing {@code revoked} (reason keyCompromise), signed by this CA. */
  public X509CRL issueCrl(Collection<X509Certificate> revoked, Instant thisUpdate, Instant nextUpdate,
      BigInteger crlNumber) {
    try {
      X509Certificate issuer = credential.certificate();
      X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer, Date.from(thisUpdate));
      builder.setNextUpdate(Date.from(nextUpdate));
      for (X509Certificate cert : revoked) {
        builder.addCRLEntry(cert.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
      }
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
      builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(crlNumber));
      X509CRLHolder holder = builder.build(signer(credential.privateKey()));
      return new JcaX509CRLConverter().getCRL(holder);
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue CRL: " + e.getMessage(), e);
    }
  }

  public Credential credential() {
    return credential;
  }

  public X509Certificate certificate() {
    return credential.certificate();
  }

  private static X509Certificate build(X500Name issuerName, java.security.PrivateKey issuerKey,
      X500Name subject, PublicKey subjectKey, X509Certificate issuerCert, CertificateRole role,
      Instant notBefore, Instant notAfter, SecureRandom random, List<String> dnsNames, Publication publication) {
    try {
      BigInteger serial = new BigInteger(127, random).setBit(120);
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial,
          Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      if (issuerCert != null) {
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
      }
      if (publication != null) {
        b.addExtension(Extension.authorityInfoAccess, false, new org.bouncycastle.asn1.x509.AuthorityInformationAccess(
            org.bouncycastle.asn1.x509.AccessDescription.id_ad_caIssuers,
            new GeneralName(GeneralName.uniformResourceIdentifier, publication.certificateUrl())));
        b.addExtension(Extension.cRLDistributionPoints, false, new org.bouncycastle.asn1.x509.CRLDistPoint(
            new org.bouncycastle.asn1.x509.DistributionPoint[] {new org.bouncycastle.asn1.x509.DistributionPoint(
                new org.bouncycastle.asn1.x509.DistributionPointName(new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, publication.crlUrl()))), null, null)}));
      }
      boolean rsa = "RSA".equals(subjectKey.getAlgorithm());
      switch (role) {
        case CERTIFICATION_AUTHORITY:
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
          b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
          break;
        case SEAL:
          endEntity(b, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, KeyPurposeId.id_kp_emailProtection);
          break;
        case GATEWAY_SEAL:
          endEntity(b, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, KeyPurposeId.id_kp_emailProtection,
              KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(
                  CertificateRole.GATEWAY_SEAL_KEY_PURPOSE)));
          break;
        case ENCRYPTION:
          endEntity(b, rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement,
              KeyPurposeId.id_kp_emailProtection);
          break;
        case TLS:
          endEntity(b, rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature,
              KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
          b.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(dnsNames));
          break;
        case AUDITOR:
          endEntity(b, KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth,
              KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(CertificateRole.AUDITOR_KEY_PURPOSE)));
          break;
        case OPERATOR:
          endEntity(b, KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth,
              KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(CertificateRole.OPERATOR_KEY_PURPOSE)));
          break;
        case TIME_STAMPING:
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
          b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
          break;
        default:
          throw new IllegalArgumentException("unknown role " + role);
      }
      X509CertificateHolder holder = b.build(signer(issuerKey));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertIOException | java.security.NoSuchAlgorithmException | CertificateException e) {
      throw new IllegalStateException("cannot issue certificate for " + subject + ": " + e.getMessage(), e);
    }
  }

  private static void endEntity(X509v3CertificateBuilder b, int keyUsage, KeyPurposeId... purposes)
      throws CertIOException {
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
  }

  private static GeneralNames subjectAltNames(List<String> names) {
    List<GeneralName> out = new ArrayList<>();
    out.add(new GeneralName(GeneralName.dNSName, "localhost"));
    out.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    for (String n : names) {
      out.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
    }
    return new GeneralNames(out.toArray(new GeneralName[0]));
  }

  private static boolean isIpLiteral(String n) {
    if (!n.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      InetAddress.getByName(n);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static ContentSigner signer(java.security.PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(KeyKind.of(key).signatureAlgorithm()).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with " + key.getAlgorithm() + " key", e);
    }
  }
}
