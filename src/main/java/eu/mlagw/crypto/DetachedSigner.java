package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Hashtable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Makes CAdES-BES style detached CMS signatures (DER): SHA-256, signed attributes content-type,
 * message-digest, signing-time and ESS signing-certificate-v2, the signer's chain included; with
 * {@link SealAdditions}, also a signature-time-stamp (CAdES-B-T) and validation data (B-LT). Used for
 * the ASiC manifest (small), so the content is taken as bytes, and for PDF signatures over a stream
 * ({@link #signDetached}). Thread-safe.
 */
public final class DetachedSigner {
  private final Credential credential;
  private final SignatureScheme scheme;
  private final SealAdditions additions;

  public DetachedSigner(Credential credential, SignatureScheme scheme) {
    this(credential, scheme, SealAdditions.NONE);
  }

  /**
   * A signer that adds {@code additions} to every signature: a signature-time-stamp when a timestamper is
   * given (then signing fails with TSA_UNAVAILABLE rather than return a signature without it), validation data.
   */
  public DetachedSigner(Credential credential, SignatureScheme scheme, SealAdditions additions) {
    this.credential = credential;
    this.scheme = scheme;
    this.additions = additions;
    CryptoProviders.ensureInstalled();
  }

  /** As {@link #DetachedSigner(Credential, SignatureScheme, SealAdditions)} with the key's default scheme. */
  public DetachedSigner(Credential credential, SealAdditions additions) {
    this(credential, SignatureScheme.defaultFor(credential.privateKey()), additions);
  }

  public DetachedSigner(Credential credential) {
    this(credential, SignatureScheme.defaultFor(credential.privateKey()));
  }

  public Credential credential() {
    return credential;
  }

  /** Signs {@code content}, claiming {@code signingTime}; returns the DER-encoded ContentInfo. */
  public byte[] sign(byte[] content, Instant signingTime) throws GatewayException {
    return sign(content, signingTime, false);
  }

  /**
   * Like {@link #sign} but the content travels inside the signature (CMS SignedData with
   * encapsulated content), for small self-contained signed statements such as evidences.
   */
  public byte[] signEncapsulating(byte[] content, Instant signingTime) throws GatewayException {
    return sign(content, signingTime, true);
  }

  /**
   * Signs a stream of any length (read once, never held in memory) as a detached CMS signature with
   * the same attributes as {@link #sign}; returns the DER-encoded ContentInfo. Used for PDF
   * signatures (subfilter adbe.pkcs7.detached), whose signed content is the document's byte ranges.
   */
  public byte[] signDetached(InputStream content, Instant signingTime) throws GatewayException {
    return sign(new StreamContent(content), signingTime, false);
  }

  private byte[] sign(byte[] content, Instant signingTime, boolean encapsulate) throws GatewayException {
    return sign(new CMSProcessableByteArray(content), signingTime, encapsulate);
  }

  private byte[] sign(CMSTypedData content, Instant signingTime, boolean encapsulate) throws GatewayException {
    try {
      ContentSigner contentSigner = new JcaContentSignerBuilder(scheme.jcaName())
          .setProvider(CryptoProviders.ensureInstalled()).build(credential.privateKey());
      X509Certificate cert = credential.certificate();
      AttributeTable signed = new AttributeTable(new Hashtable<>())
          .add(CMSAttributes.signingTime, new Time(Date.from(signingTime)))
          .add(PKCSObjectIdentifiers.id_aa_signingCertificateV2, signingCertificateV2(cert));
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
              new JcaDigestCalculatorProviderBuilder().build())
          .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signed))
          .build(contentSigner, cert));
      gen.addCertificates(new JcaCertStore(credential.chain()));
      org.bouncycastle.cms.CMSSignedData signedData = gen.generate(content, encapsulate);
      if (additions.timestamper().isPresent()) {
        signedData = SignatureTimeStamps.attach(signedData, additions.timestamper().get());
      }
      if (!additions.certificates().isEmpty() || !additions.crls().isEmpty()) {
        signedData = ValidationData.add(signedData, additions.certificates(), additions.crls());
      }
      return signedData.getEncoded("DER");
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE,
          "cannot sign with the seal key of " + cert() + ": " + e.getMessage()
              + "; check that the seal keystore holds an RSA or EC key matching its certificate", e);
    }
  }

  /** Content read from a stream once, while the signature's digest is computed. */
  private static final class StreamContent implements CMSTypedData {
    private final InputStream in;

    StreamContent(InputStream in) {
      this.in = in;
    }

    @Override
    public ASN1ObjectIdentifier getContentType() {
      return CMSObjectIdentifiers.data;
    }

    @Override
    public void write(OutputStream out) throws IOException {
      in.transferTo(out);
    }

    @Override
    public Object getContent() {
      return in;
    }
  }

  private String cert() {
    return credential.certificate().getSubjectX500Principal().getName();
  }

  static SigningCertificateV2 signingCertificateV2(X509Certificate cert)
      throws CertificateEncodingException, java.security.NoSuchAlgorithmException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    IssuerSerial issuerSerial = new IssuerSerial(
        new GeneralNames(new GeneralName(X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()))),
        cert.getSerialNumber());
    return new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(hash, issuerSerial)});
  }
}
