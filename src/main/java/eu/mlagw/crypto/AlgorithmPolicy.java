package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The one place that says which algorithms and key sizes the gateway accepts in anything it
 * verifies or opens: signatures (manifest seals, evidences, checkpoints), every certificate of a
 * path, envelope key transport / key agreement and content encryption, and the certificates
 * {@code mlagw config check} inspects.
 *
 * <ul>
 *   <li>digests: SHA-256, SHA-384, SHA-512 (never MD5 or SHA-1);
 *   <li>RSA keys of at least 3072 bits — 2048 only when {@code algorithms.allowRsa2048: true}
 *       (legacy partners), which {@link #warnings()} reports; EC keys on P-256 or P-384;
 *   <li>signatures: RSA PKCS#1 v1.5 or RSASSA-PSS with an accepted digest, ECDSA with an accepted digest;
 *   <li>key transport: RSAES-OAEP with SHA-256+ and MGF1-SHA-256+ only (never PKCS#1 v1.5);
 *       key agreement: ephemeral-static ECDH with an X9.63 SHA-256+ KDF and AES-256 key wrap;
 *   <li>content encryption: AES-256-GCM only.
 * </ul>
 *
 * <p>Every refusal is ALGORITHM_REFUSED with a message "… got X; allowed Y". Immutable, thread-safe.
 */
public final class AlgorithmPolicy {
  /** Smallest RSA modulus accepted by default (NIST SP 800-57: 128-bit security beyond 2030). */
  public static final int MIN_RSA_BITS = 3072;
  /** Smallest RSA modulus accepted with {@code allowRsa2048} (legacy partners only). */
  public static final int LEGACY_RSA_BITS = 2048;

  private static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
      NISTObjectIdentifiers.id_sha256, "SHA-256",
      NISTObjectIdentifiers.id_sha384, "SHA-384",
      NISTObjectIdentifiers.id_sha512, "SHA-512");
  private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.of(
      PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
      PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
      PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
      X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
      X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
      X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");
  private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
      SECObjectIdentifiers.secp256r1, "P-256",
      SECObjectIdentifiers.secp384r1, "P-384");
  private static final Map<ASN1ObjectIdentifier, String> KEY_AGREEMENTS = Map.of(
      SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme, "ECDH (X9.63 KDF SHA-256)",
      SECObjectIdentifiers.dhSinglePass_stdDH_sha384kdf_scheme, "ECDH (X9.63 KDF SHA-384)",
      SECObjectIdentifiers.dhSinglePass_stdDH_sha512kdf_scheme, "ECDH (X9.63 KDF SHA-512)");
  private static final String ALLOWED_SIGNATURES = String.join(", ", SIGNATURES.values().stream().sorted().toList())
      + ", RSASSA-PSS with SHA-256/384/512";

  private final boolean allowRsa2048;

  private AlgorithmPolicy(boolean allowRsa2048) {
    this.allowRsa2048 = allowRsa2048;
  }

  /** The default policy: RSA 3072+, no exceptions. */
  public static AlgorithmPolicy strict() {
    return new AlgorithmPolicy(false);
  }

  /** @param allowRsa2048 gateway.yaml {@code algorithms.allowRsa2048} (default false) */
  public static AlgorithmPolicy of(boolean allowRsa2048) {
    return new AlgorithmPolicy(allowRsa2048);
  }

  public boolean allowsRsa2048() {
    return allowRsa2048;
  }

  /** Operator warnings about this policy itself (for config check and the log at start); empty when strict. */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    if (allowRsa2048) {
      out.add("algorithms.allowRsa2048 is true: seals and certificates with 2048-bit RSA keys are accepted "
          + "(legacy partners only); set it to false as soon as every partner has RSA 3072 or EC P-256 keys");
    }
    return out;
  }

  /** The smallest RSA modulus this policy accepts. */
  public int minRsaBits() {
    return allowRsa2048 ? LEGACY_RSA_BITS : MIN_RSA_BITS;
  }

  /**
   * Checks a CMS signer's digest and signature algorithms and the signer's key.
   *
   * @param digestOid SignerInfo.digestAlgorithm
   * @param signatureAlg SignerInfo.signatureAlgorithm (rsaEncryption, sha256WithRSA, ecdsa-with-SHA256, PSS …)
   */
  public void checkSignature(String what, ASN1ObjectIdentifier digestOid, AlgorithmIdentifier signatureAlg,
      PublicKey key) throws GatewayException {
    if (!DIGESTS.containsKey(digestOid)) {
      throw refused(what + " (digest)", name(digestOid), "SHA-256, SHA-384, SHA-512");
    }
    ASN1ObjectIdentifier sig = signatureAlg.getAlgorithm();
    // CMS lets RSA signers name just the key algorithm; the digest is then the one checked above.
    if (!sig.equals(PKCSObjectIdentifiers.rsaEncryption) && !sig.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      checkSignatureAlgorithm(what + " (signature)", signatureAlg);
    }
    checkKey(what, key);
  }

  /**
   * Checks a certificate: its key, and (unless it is a configured trust anchor, whose self-signature
   * proves nothing) the algorithm its issuer signed it with.
   */
  public void checkCertificate(X509Certificate cert, boolean anchor) throws GatewayException {
    String what = "the certificate " + TrustPolicy.subject(cert);
    checkKey(what, cert.getPublicKey());
    if (!anchor) {
      AlgorithmIdentifier sigAlg;
      try {
        sigAlg = AlgorithmIdentifier.getInstance(org.bouncycastle.asn1.x509.Certificate
            .getInstance(cert.getEncoded()).getSignatureAlgorithm());
      } catch (java.security.cert.CertificateEncodingException | RuntimeException e) {
        throw new GatewayException(ReasonCode.MALFORMED, what + " cannot be encoded: " + e.getMessage(), e);
      }
      checkSignatureAlgorithm(what + " (issuer's signature)", sigAlg);
    }
  }

  /** Checks a public key's type and size. */
  public void checkKey(String what, PublicKey key) throws GatewayException {
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < minRsaBits()) {
        throw refused(what + " (key)", "RSA " + bits + " bits", "RSA of at least " + minRsaBits() + " bits"
            + (allowRsa2048 ? "" : " (2048 only with algorithms.allowRsa2048 for legacy partners)")
            + ", EC P-256 or P-384; the key owner must get a new certificate");
      }
      return;
    }
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())) {
      ASN1Encodable params = spki.getAlgorithm().getParameters();
      if (params instanceof ASN1ObjectIdentifier curve && CURVES.containsKey(curve)) {
        return;
      }
      throw refused(what + " (key)", "EC " + (params instanceof ASN1ObjectIdentifier c ? name(c)
          : "with explicit curve parameters"), "EC P-256, EC P-384, RSA " + minRsaBits() + "+ bits");
    }
    throw refused(what + " (key)", key.getAlgorithm(), "RSA (" + minRsaBits() + "+ bits), EC P-256, EC P-384");
  }

  /** Checks a KeyTransRecipientInfo's algorithm: RSAES-OAEP with SHA-256+ and MGF1-SHA-256+ only. */
  public void checkKeyTransport(AlgorithmIdentifier alg) throws GatewayException {
    String allowed = "RSAES-OAEP with SHA-256/384/512 and MGF1 with SHA-256/384/512";
    if (!PKCSObjectIdentifiers.id_RSAES_OAEP.equals(alg.getAlgorithm())) {
      throw refused("the envelope's key transport", name(alg.getAlgorithm()), allowed
          + "; the sender must encrypt with RSA-OAEP (openssl: -keyopt rsa_padding_mode:oaep "
          + "-keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256)");
    }
    RSAESOAEPparams p = RSAESOAEPparams.getInstance(alg.getParameters() == null || alg.getParameters() instanceof DERNull
        ? new org.bouncycastle.asn1.DERSequence() : alg.getParameters());
    ASN1ObjectIdentifier hash = p.getHashAlgorithm().getAlgorithm();
    AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
    ASN1ObjectIdentifier mgfHash = PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
        ? AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm() : mgf.getAlgorithm();
    if (!DIGESTS.containsKey(hash) || !DIGESTS.containsKey(mgfHash)) {
      throw refused("the envelope's key transport", "RSAES-OAEP with " + name(hash) + " and MGF1 "
          + name(mgfHash) + " (absent parameters mean SHA-1)", allowed);
    }
  }

  /** Checks a KeyAgreeRecipientInfo's algorithm: ECDH with an X9.63 SHA-256+ KDF and AES-256 key wrap. */
  public void checkKeyAgreement(AlgorithmIdentifier alg) throws GatewayException {
    String allowed = "ECDH dhSinglePass-stdDH-sha256kdf-scheme (or sha384/sha512) with AES-256 key wrap";
    if (!KEY_AGREEMENTS.containsKey(alg.getAlgorithm())) {
      throw refused("the envelope's key agreement", name(alg.getAlgorithm()), allowed);
    }
    ASN1ObjectIdentifier wrap = AlgorithmIdentifier.getInstance(alg.getParameters()).getAlgorithm();
    if (!NISTObjectIdentifiers.id_aes256_wrap.equals(wrap) && !NISTObjectIdentifiers.id_aes256_wrap_pad.equals(wrap)) {
      throw refused("the envelope's key agreement", "key wrap " + name(wrap), allowed);
    }
  }

  /** Checks the envelope's content-encryption algorithm: AES-256-GCM only. */
  public void checkContentEncryption(AlgorithmIdentifier alg) throws GatewayException {
    if (!NISTObjectIdentifiers.id_aes256_GCM.equals(alg.getAlgorithm())) {
      throw refused("the envelope's content encryption", name(alg.getAlgorithm()),
          "AES-256-GCM (" + NISTObjectIdentifiers.id_aes256_GCM + "); the sender must encrypt with -aes-256-gcm");
    }
  }

  private void checkSignatureAlgorithm(String what, AlgorithmIdentifier sigAlg) throws GatewayException {
    ASN1ObjectIdentifier sig = sigAlg.getAlgorithm();
    if (SIGNATURES.containsKey(sig)) {
      return;
    }
    if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(sig)) {
      RSASSAPSSparams p = RSASSAPSSparams.getInstance(sigAlg.getParameters());
      if (DIGESTS.containsKey(p.getHashAlgorithm().getAlgorithm())) {
        return;
      }
      throw refused(what, "RSASSA-PSS with " + name(p.getHashAlgorithm().getAlgorithm()), ALLOWED_SIGNATURES);
    }
    throw refused(what, name(sig), ALLOWED_SIGNATURES);
  }

  private static GatewayException refused(String what, String got, String allowed) {
    return new GatewayException(ReasonCode.ALGORITHM_REFUSED, "algorithm refused for " + what + ": got " + got
        + "; allowed " + allowed);
  }

  /** "MD5withRSA (1.2.840.113549.1.1.4)": a readable name and the OID, which is what tools show. */
  static String name(ASN1ObjectIdentifier oid) {
    String n = new org.bouncycastle.operator.DefaultAlgorithmNameFinder().getAlgorithmName(oid);
    return n == null || n.equals(oid.getId()) ? oid.getId() : n + " (" + oid.getId() + ")";
  }
}
