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
 * Verifies a CMS signature over small content (the ASiC manifest, detached; an evidence, encapsulated), then the signer's
 * certificate against the {@link TrustPolicy} at the signing time. Exactly one signer is accepted.
 * Thread-safe.
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
    CMSSignedData signed;
    try {
      signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
    } catch (CMSException | RuntimeException e) {
      throw new GatewayException(ReasonCode.MALFORMED, "META-INF/signature.p7s is not a CMS SignedData "
          + "structure (" + e.getMessage() + "); the package was damaged or not made by a compliant tool", e);
    }
    return verify(signed, now);
  }

  /** A signature with its content inside, and the content once verified. */
  public record VerifiedContent(byte[] content, VerifiedSignature signature) {}

  /**
   * Verifies a CMS SignedData that encapsulates its content (e.g. an evidence) and returns the
   * content only if the signature and the signer's certificate path are valid.
   */
  public VerifiedContent verifyEncapsulated(byte[] signedData, Instant now) throws GatewayException {
    CMSSignedData signed;
    try {
      signed = new CMSSignedData(signedData);
    } catch (CMSException | RuntimeException e) {
      throw new GatewayException(ReasonCode.MALFORMED, "the file is not a CMS SignedData structure ("
          + e.getMessage() + "); it was damaged or is not an evidence", e);
    }
    if (signed.getSignedContent() == null) {
      throw new GatewayException(ReasonCode.MALFORMED, "the signature carries no content; an evidence holds its "
          + "statement inside the signature");
    }
    VerifiedSignature v = verify(signed, now);
    return new VerifiedContent((byte[]) signed.getSignedContent().getContent(), v);
  }

  private VerifiedSignature verify(CMSSignedData signed, Instant now) throws GatewayException {
    try {
      return verifyParsed(signed, now);
    } catch (RuntimeException e) {
      // Bouncy Castle reads signer infos and certificates lazily and refuses a wrongly typed element
      // with IllegalArgumentException / IllegalStateException (found by DetachedSignatureFuzzTest)
      throw new GatewayException(ReasonCode.MALFORMED, "the signature's signer information or certificates are "
          + "malformed (" + e.getMessage() + "); it was damaged or not made by a compliant tool", e);
    }
  }

  private VerifiedSignature verifyParsed(CMSSignedData signed, Instant now) throws GatewayException {
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
    if (signingTime.isAfter(now.plus(MAX_FUTURE_SKEW))) {
      throw invalid("its signing time " + signingTime + " lies in the future (now " + now + ")", null);
    }
    List<X509Certificate> chain = trust.validateSigner(signerCert, supplied, signingTime, now);
    String algorithm = new DefaultAlgorithmNameFinder().getAlgorithmName(
        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(signer.getEncryptionAlgOID() == null ? null
            : new org.bouncycastle.asn1.ASN1ObjectIdentifier(signer.getEncryptionAlgOID())));
    return new VerifiedSignature(signerCert, chain, signingTime, algorithm, trust.revocationSources());
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
