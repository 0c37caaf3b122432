package eu.mlagw.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Hashtable;
import java.util.List;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Weak or misused cryptography that a trusted CA, a careless partner or an attacker could produce:
 * seals with MD5/SHA-1, short RSA keys, certificates with odd key usages, envelopes with PKCS#1 v1.5
 * key transport or other content ciphers. For the algorithm-policy attack fixtures only.
 */
public final class WeakCrypto {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WeakCrypto() {}

  public static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits, RANDOM);
    return g.generateKeyPair();
  }

  /**
   * A certificate issued by {@code ca} (signed with {@code caSignatureAlgorithm}) for {@code keys},
   * with the given key usage and extended key usages; returned as a credential with the CA's chain.
   */
  public static Credential issue(CertificateAuthority ca, String dn, KeyPair keys, int keyUsage,
      List<KeyPurposeId> purposes, String caSignatureAlgorithm, Instant notBefore, Instant notAfter) throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(X500Name.getInstance(
        ca.certificate().getSubjectX500Principal().getEncoded()), new BigInteger(120, RANDOM).setBit(119),
        Date.from(notBefore), Date.from(notAfter), new X500Name(dn), keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    if (!purposes.isEmpty()) {
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
    }
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(
        new JcaContentSignerBuilder(caSignatureAlgorithm).build(ca.credential().privateKey())));
    List<X509Certificate> chain = new java.util.ArrayList<>(List.of(cert));
    chain.addAll(ca.credential().chain());
    return new Credential(keys.getPrivate(), chain);
  }

  /** A seal certificate (digitalSignature + nonRepudiation, EKU emailProtection) for {@code keys}. */
  public static Credential seal(CertificateAuthority ca, String dn, KeyPair keys, Instant notBefore, Instant notAfter)
      throws Exception {
    return issue(ca, dn, keys, KeyUsage.digitalSignature | KeyUsage.nonRepudiation,
        List.of(KeyPurposeId.id_kp_emailProtection), "SHA256withRSA", notBefore, notAfter);
  }

  /**
   * A CMS signature by {@code seal} with the JCA {@code signatureAlgorithm} (e.g. MD5withRSA) and a
   * signing-time attribute of the signer's choosing; detached or with the content inside.
   */
  public static byte[] sign(byte[] content, Credential seal, String signatureAlgorithm, Instant signingTime,
      boolean encapsulate) throws Exception {
    Hashtable<ASN1ObjectIdentifier, Attribute> attrs = new Hashtable<>();
    attrs.put(CMSAttributes.signingTime, new Attribute(CMSAttributes.signingTime,
        new DERSet(new Time(Date.from(signingTime)))));
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
        .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attrs)))
        .build(new JcaContentSignerBuilder(signatureAlgorithm).build(seal.privateKey()), seal.certificate()));
    gen.addCertificates(new JcaCertStore(seal.chain()));
    return gen.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded("DER");
  }

  /**
   * A one-segment package envelope made with Bouncy Castle's generator: key transport RSA-OAEP
   * (SHA-256, MGF1-SHA-256) when {@code oaep}, else RSA PKCS#1 v1.5; content cipher {@code contentAlgorithm}.
   */
  public static Path envelope(byte[] container, X509Certificate recipient, boolean oaep,
      ASN1ObjectIdentifier contentAlgorithm, Path out) throws Exception {
    CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
    if (oaep) {
      gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient,
          new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
              new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT))));
    } else {
      gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient));
    }
    OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(contentAlgorithm)
        .setProvider(CryptoProviders.ensureInstalled()).build();
    Files.write(out, gen.generate(new CMSProcessableByteArray(container), encryptor).getEncoded());
    return out;
  }

  /** A public key's algorithm policy name, for messages. */
  static String describe(PublicKey key) {
    return key.getAlgorithm();
  }
}
