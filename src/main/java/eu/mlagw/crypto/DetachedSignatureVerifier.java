package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.util.Selector;

/**
 * Verifies a CMS signature over small content (the ASiC manifest, detached; an evidence, encapsulated): the
 * signer's algorithms and key against the {@link AlgorithmPolicy} of the {@link TrustPolicy}, the signature value,
 * then the signer's certificate path at a {@link ValidationTime} the signer cannot forge (never its own
 * signing-time claim; see {@link ValidationTime}). Exactly one signer is accepted. Thread-safe.
 */
public final class DetachedSignatureVerifier {
  /** Signing times further in the future than this are refused (clock skew allowance). */
  private static final java.time.Duration MAX_FUTURE_SKEW = java.time.Duration.ofMinutes(10);

  private final TrustPolicy trust;

  public DetachedSignatureVerifier(TrustPolicy trust) {
    this.trust = trust;
    CryptoProviders.ensureInstalled();
  }

  /**
   * @throws GatewayException MALFORMED (not a CMS signature), SIGNATURE_INVALID (does not verify over
   *     the content, or more than one signer), CERT_* and KEY_USAGE from the trust policy
   */
  public VerifiedSignature verify(byte[] signature, byte[] content, Instant now) throws GatewayException {
    return verify(signature, content, ValidationTime.now(now));
  }

  /**
   * As {@link #verify(byte[], byte[], Instant)}, with the certificate path validated at {@code time}.
   *
   * @throws GatewayException also ALGORITHM_REFUSED (weak digest, signature algorithm or key)
   */
  public VerifiedSignature verify(byte[] signature, byte[] content, ValidationTime time) throws GatewayException {
    CMSSignedData signed;
    try {
      BerStructureCheck.check(signature, "META-INF/signature.p7s"); // before BC's recursive parser
      signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
    } catch (CMSException | BerStructureException | RuntimeException e) {
      throw new GatewayException(ReasonCode.MALFORMED, "META-INF/signature.p7s is not a CMS SignedData "
          + "structure (" + e.getMessage() + "); the package was damaged or not made by a compliant tool", e);
    }
    return verify(signed, time);
  }

  /** A signature with its content inside, and the content once verified. */
  public record VerifiedContent(byte[] content, VerifiedSignature signature) {}

  /**
   * Verifies a CMS SignedData that encapsulates its content (e.g. an evidence) and returns the
   * content only if the signature and the signer's certificate path are valid.
   */
  public VerifiedContent verifyEncapsulated(byte[] signedData, Instant now) throws GatewayException {
    return verifyEncapsulated(signedData, ValidationTime.now(now));
  }

  /** As {@link #verifyEncapsulated(byte[], Instant)}, with the certificate path validated at {@code time}. */
  public VerifiedContent verifyEncapsulated(byte[] signedData, ValidationTime time) throws GatewayException {
    CMSSignedData signed;
    try {
      BerStructureCheck.check(signedData, "the signed statement"); // before BC's recursive parser
      signed = new CMSSignedData(signedData);
    } catch (CMSException | BerStructureException | RuntimeException e) {
      throw new GatewayException(ReasonCode.MALFORMED, "the file is not a CMS SignedData structure ("
          + e.getMessage() + "); it was damaged or is not an evidence", e);
    }
    if (signed.getSignedContent() == null) {
      throw new GatewayException(ReasonCode.MALFORMED, "the signature carries no content; an evidence holds its "
          + "statement inside the signature");
    }
    // eContent must be an OCTET STRING; Bouncy Castle hands anything else over as the ASN.1 object
    // (found by DetachedSignatureFuzzTest#encapsulated: a T61String or tagged object as the content)
    if (!(signed.getSignedContent().getContent() instanceof byte[] content)) {
      throw new GatewayException(ReasonCode.MALFORMED, "the signed content is not an OCTET STRING; it was damaged "
          + "or is not an evidence");
    }
    VerifiedSignature v = verify(signed, time);
    return new VerifiedContent(content, v);
  }

  /** The algorithm policy signatures and certificates are held to. */
  public AlgorithmPolicy algorithms() {
    return trust.algorithms();
  }

  private VerifiedSignature verify(CMSSignedData signed, ValidationTime time) throws GatewayException {
    try {
      return verifyParsed(signed, time);
    } catch (RuntimeException e) {
      // Bouncy Castle reads signer infos and certificates lazily and refuses a wrongly typed element
      // with IllegalArgumentException / IllegalStateException (found by DetachedSignatureFuzzTest)
      throw new GatewayException(ReasonCode.MALFORMED, "the signature's signer information or certificates are "
          + "malformed (" + e.getMessage() + "); it was damaged or not made by a compliant tool", e);
    }
  }

  private VerifiedSignature verifyParsed(CMSSignedData signed, ValidationTime time) throws GatewayException {
    Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
    if (signers.size() != 1) {
      throw new GatewayException(ReasonCode.SIGNATURE_INVALID, "the signature has " + signers.size()
          + " signers; exactly one seal is expected");
    }
    SignerInformation signer = signers.iterator().next();
    List<X509Certificate> supplied = certificates(signed, null);
    @SuppressWarnings("unchecked")
    List<X509Certificate> matching = certificates(signed, (Selector<X509CertificateHolder>) signer.getSID());
    if (matching.isEmpty()) {
      throw new GatewayException(ReasonCode.SIGNATURE_INVALID, "the signature does not include the "
          + "signer's certificate; the sender must include its certificate chain when sealing");
    }
    X509Certificate signerCert = matching.get(0);
    // before any cryptography: MD5, SHA-1 or a short key must not even be tried
    trust.algorithms().checkSignature("the seal of " + TrustPolicy.subject(signerCert),
        new org.bouncycastle.asn1.ASN1ObjectIdentifier(signer.getDigestAlgOID()),
        signer.toASN1Structure().getDigestEncryptionAlgorithm(), signerCert.getPublicKey());
    try {
      boolean ok = signer.verify(new JcaSimpleSignerInfoVerifierBuilder()
          .setProvider(CryptoProviders.ensureInstalled()).build(signerCert));
      if (!ok) {
        throw invalid("the signature value does not match the signer's key", null);
      }
    } catch (org.bouncycastle.cms.CMSVerifierCertificateNotValidException e) {
      throw new GatewayException(ReasonCode.CERT_EXPIRED, "the seal certificate of "
          + TrustPolicy.subject(signerCert) + " was not valid at the signing time the seal claims (valid "
          + signerCert.getNotBefore().toInstant() + " to " + signerCert.getNotAfter().toInstant()
          + "); the sender must seal again with a current certificate", e);
    } catch (CMSSignerDigestMismatchException e) {
      throw invalid("the signed content (the package manifest or evidence statement) was changed after it was signed (message digest mismatch)", e);
    } catch (CMSException e) {
      throw invalid(e.getMessage(), e);
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot verify with the signer's key: " + e.getMessage(), e);
    }
    checkSigningCertificateAttribute(signer, signerCert);
    Instant signingTime = signingTime(signer);
    if (signingTime == null) {
      throw invalid("it has no signing-time attribute, so the certificate cannot be checked at signing time", null);
    }
    Instant latest = time.at().isBefore(time.now()) ? time.at() : time.now();
    if (signingTime.isAfter(latest.plus(MAX_FUTURE_SKEW))) {
      throw invalid("its signing time " + signingTime + " lies in the future of " + latest + " ("
          + time.source() + "), when it was already in our hands", null);
    }
    List<X509Certificate> chain;
    try {
      // the signer's own signing-time claim is not evidence of time: validate at a time it cannot forge
      chain = trust.validateSigner(signerCert, supplied, time.at(), time.now());
    } catch (GatewayException e) {
      if (e.reason() != ReasonCode.CERT_EXPIRED) {
        throw e;
      }
      throw new GatewayException(ReasonCode.CERT_EXPIRED, e.getMessage() + " (validation time: " + time.source()
          + "; the signing time " + signingTime + " the seal claims is not trusted, since whoever holds the key "
          + "can write any signing time)", e);
    }
    java.util.Optional<TrustedTime> trusted = trustedTime(signer, supplied, signingTime, latest, time);
    String algorithm = new DefaultAlgorithmNameFinder().getAlgorithmName(
        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(signer.getEncryptionAlgOID() == null ? null
            : new org.bouncycastle.asn1.ASN1ObjectIdentifier(signer.getEncryptionAlgOID())));
    return new VerifiedSignature(signerCert, chain, signingTime, algorithm, trust.revocationSources(), time, trusted);
  }

  /**
   * The signature-time-stamp, if there is one: checked against the signature value, its TSA's path validated
   * with the trust policy (anchors, CRLs) at the token's time; its time must lie between the signing time and
   * the moment the signature reached us (both with the clock-skew allowance).
   */
  private java.util.Optional<TrustedTime> trustedTime(SignerInformation signer, List<X509Certificate> supplied,
      Instant signingTime, Instant latest, ValidationTime time) throws GatewayException {
    java.util.Optional<TimeStampTokens.Checked> stamp = SignatureTimeStamps.read(signer);
    if (stamp.isEmpty()) {
      return java.util.Optional.empty();
    }
    TimeStampTokens.Checked c = stamp.get();
    if (c.time().isBefore(signingTime.minus(MAX_FUTURE_SKEW))) {
      throw new GatewayException(ReasonCode.TIMESTAMP_INVALID, "the signature-time-stamp's time " + c.time()
          + " lies before the signing time " + signingTime + " the seal claims; a timestamp is made after signing");
    }
    if (c.time().isAfter(latest.plus(MAX_FUTURE_SKEW))) {
      throw new GatewayException(ReasonCode.TIMESTAMP_INVALID, "the signature-time-stamp's time " + c.time()
          + " lies in the future of " + latest + " (" + time.source() + ")");
    }
    List<X509Certificate> pool = new ArrayList<>(supplied);
    pool.addAll(c.certificates());
    try {
      List<X509Certificate> tsaChain = trust.validate(c.authority(), pool, c.time(), time.now());
      return java.util.Optional.of(new TrustedTime(c.time(), c.authority(), c.policy(), tsaChain));
    } catch (GatewayException e) {
      throw new GatewayException(ReasonCode.TIMESTAMP_INVALID, "the signature-time-stamp's TSA is not trusted: "
          + e.getMessage(), e);
    }
  }

  private static GatewayException invalid(String why, Exception cause) {
    return new GatewayException(ReasonCode.SIGNATURE_INVALID, "the seal is invalid: " + why
        + "; do not trust this package and ask the sender to seal it again", cause);
  }

  private static void checkSigningCertificateAttribute(SignerInformation signer, X509Certificate cert)
      throws GatewayException {
    AttributeTable attrs = signer.getSignedAttributes();
    Attribute attr = attrs == null ? null : attrs.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
    if (attr == null) {
      return; // optional for interop (openssl cms -sign without -cades omits it)
    }
    try {
      SigningCertificateV2 scv2 = SigningCertificateV2.getInstance(attr.getAttrValues().getObjectAt(0));
      ESSCertIDv2 first = scv2.getCerts()[0];
      String alg = first.getHashAlgorithm().getAlgorithm().getId();
      String jca = "2.16.840.1.101.3.4.2.1".equals(alg) ? "SHA-256"
          : "2.16.840.1.101.3.4.2.2".equals(alg) ? "SHA-384" : "2.16.840.1.101.3.4.2.3".equals(alg) ? "SHA-512" : null;
      if (jca == null) {
        throw invalid("its signing-certificate-v2 attribute uses an unsupported hash " + alg, null);
      }
      byte[] actual = MessageDigest.getInstance(jca).digest(cert.getEncoded());
      if (!MessageDigest.isEqual(actual, first.getCertHash())) {
        throw invalid("its signing-certificate-v2 attribute names a different certificate than the one "
            + "used (certificate substitution)", null);
      }
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw invalid("its signing-certificate-v2 attribute is malformed: " + e.getMessage(), e);
    }
  }

  private static Instant signingTime(SignerInformation signer) {
    AttributeTable attrs = signer.getSignedAttributes();
    Attribute attr = attrs == null ? null : attrs.get(CMSAttributes.signingTime);
    if (attr == null) {
      return null;
    }
    return Time.getInstance(attr.getAttrValues().getObjectAt(0)).getDate().toInstant();
  }

  private static List<X509Certificate> certificates(CMSSignedData signed, Selector<X509CertificateHolder> sel)
      throws GatewayException {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
    try {
      for (X509CertificateHolder h : signed.getCertificates().getMatches(sel)) {
        out.add(conv.getCertificate(h));
      }
    } catch (java.security.cert.CertificateException e) {
      throw new GatewayException(ReasonCode.MALFORMED, "a certificate inside the signature cannot be read: "
          + e.getMessage(), e);
    }
    return out;
  }
}
