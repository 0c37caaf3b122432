package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Hashtable;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.asn1.cms.AttributeTable;
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
 * the ASiC manifest (small), so the content is taken as bytes, and for PAdES signatures of PDFs over
 * a stream ({@link #signPades}: no signing-time, an optional RFC 3161 timestamp through its own seam,
 * never the additions, whose varying length a PDF's reserved room could not take). Thread-safe.
 */
public final class DetachedSigner {
  /** ECDSA values are 70-72 bytes, each length at least 1 in 4: 64 tries miss with odds below 1e-8. */
  private static final int MAX_LENGTH_ATTEMPTS = 64;
  /**
   * Time-stamp tokens asked for one signature at most, when the whole must fit a reserved length. A
   * token's length varies with the TSA's own ECDSA value (70-72 bytes) and the digits of its time, so
   * the usual length is hit about one time in three: 48 tries miss with odds below 1e-8.
   */
  private static final int MAX_TOKEN_ATTEMPTS = 48;
  /** Dummy tokens asked once per signer and TSA seam, to find the usual length of a time-stamped signature. */
  private static final int TOKEN_LENGTH_SAMPLES = 5;
  private final Credential credential;
  private final SignatureScheme scheme;
  /** {@link #padesLength()} once known (0 before); guarded by this. */
  private int padesLength;
  /**
   * Per TSA seam, the lengths of time-stamped PAdES signatures seen so far (dummies and real ones), for
   * the usual one; guarded by this. Weak keys: a seam given by a caller may be dropped.
   */
  private final Map<SignatureTimestamper, Map<Integer, Integer>> stampedLengths = new java.util.WeakHashMap<>();
  /** The seam to gateway.yaml's TSA ({@link SealAdditions}), made once so its lengths are learnt once. */
  private SignatureTimestamper additionsSeam;
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
   * Signs a stream of any length (read once, never held in memory) as a PAdES baseline B signature
   * (ETSI EN 319 142-1, subfilter ETSI.CAdES.detached): a detached CMS signature whose signed
   * attributes are content-type, message-digest (SHA-256) and signing-certificate-v2 only. There is
   * no signing-time attribute: PAdES forbids it, the claimed time is the PDF signature dictionary's
   * /M entry. The signer's chain is included. Returns the DER-encoded ContentInfo.
   *
   * <p>When {@code exactLength} is positive the DER is exactly that long: the value is signed again
   * (the content is not read again) until it is, since an ECDSA value varies by a byte or two. A PDF
   * reserves room for the signature before it is made and pads the rest with zeros, and Bouncy
   * Castle from 1.82 on (which DSS 6.3 runs on here) refuses a CMS followed by padding ("Extra data
   * detected in stream"); an exact fit leaves none. Take the length from {@link #padesLength()}.
   *
   * @param timestamper when not null, its RFC 3161 token over the signature value is added as the
   *     signature-time-stamp unsigned attribute (PAdES baseline B-T); {@code exactLength} then applies
   *     to the whole, token included (take it from {@link #padesLength(SignatureTimestamper)}): the
   *     TSA is asked again, up to {@value #MAX_TOKEN_ATTEMPTS} times, while the token does not fit
   */
  public byte[] signPades(InputStream content, SignatureTimestamper timestamper, int exactLength)
      throws GatewayException {
    timestamper = orAdditions(timestamper);
    byte[] digest;
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = content.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
      digest = sha256.digest();
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the content to sign: " + e.getMessage(), e);
    }
    if (timestamper == null) {
      return fitted(digest, exactLength);
    }
    // the token's length varies too (the TSA's signature, time and nonce): fit our value to the usual
    // length, then ask again until the whole fits; a few calls at most, the first one usually
    int base = exactLength > 0 ? padesLength() : 0;
    for (int attempt = 1; ; attempt++) {
      byte[] stamped = withTimestamp(fitted(digest, base), timestamper);
      if (exactLength > 0) {
        seenStamped(timestamper, stamped.length);
      }
      if (exactLength <= 0 || stamped.length == exactLength) {
        return stamped;
      }
      if (attempt >= MAX_TOKEN_ATTEMPTS) {
        throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "the time-stamped PAdES signature of " + cert()
            + " is " + stamped.length + " bytes, not the " + exactLength + " reserved for it, after " + attempt
            + " time-stamp tokens; the time-stamping authority's tokens vary in length more than expected: "
            + "sign again, and if it persists check the TSA");
      }
    }
  }

  /** Same without a timestamp and without a length constraint. */
  public byte[] signPades(InputStream content) throws GatewayException {
    return signPades(content, null, 0);
  }

  /** A signature over {@code digest} of exactly {@code length} bytes (any length when not positive). */
  private byte[] fitted(byte[] digest, int length) throws GatewayException {
    byte[] der = signDigest(digest);
    for (int attempt = 1; length > 0 && der.length != length; attempt++) {
      if (attempt > MAX_LENGTH_ATTEMPTS || Math.abs(der.length - length) > 8) {
        throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "the PAdES signature of " + cert() + " is "
            + der.length + " bytes, not the " + length + " reserved for it, after " + attempt
            + " attempts; the seal key or certificate changed while signing: sign again");
      }
      der = signDigest(digest);
    }
    return der;
  }

  /** The length of a PAdES signature by this seal now, for {@link #signPades}'s {@code exactLength}. */
  public synchronized int padesLength() throws GatewayException {
    int known = padesLength;
    if (known == 0) {
      // the most frequent of a few lengths, so that signPades hits it in a few tries; found once per
      // signer, so that every caller fits the same length
      Map<Integer, Integer> seen = new java.util.TreeMap<>();
      for (int i = 0; i < 16; i++) {
        seen.merge(signDigest(new byte[32]).length, 1, Integer::sum);
      }
      known = java.util.Collections.max(seen.entrySet(), Map.Entry.comparingByValue()).getKey();
      padesLength = known;
    }
    return known;
  }

  /**
   * The usual length of a PAdES signature with {@code timestamper}'s token ({@link #padesLength()} when
   * it is null): the most frequent length seen so far by this signer, the first time from
   * {@value #TOKEN_LENGTH_SAMPLES} tokens over a dummy signature value (thrown away), then also from
   * every signature made. Aiming at the most frequent length, not at whatever one dummy token gave,
   * keeps the tokens {@link #signPades} asks for per signature few (one in four dummies fell on a rare
   * length, and 8 tries then missed the demo's receipt one time in ten).
   */
  public int padesLength(SignatureTimestamper timestamper) throws GatewayException {
    timestamper = orAdditions(timestamper);
    int base = padesLength();
    if (timestamper == null) {
      return base;
    }
    synchronized (this) {
      Map<Integer, Integer> seen = stampedLengths.computeIfAbsent(timestamper, t -> new java.util.TreeMap<>());
      if (seen.isEmpty()) {
        for (int i = 0; i < TOKEN_LENGTH_SAMPLES; i++) {
          seen.merge(withTimestamp(fitted(new byte[32], base), timestamper).length, 1, Integer::sum);
        }
      }
      return java.util.Collections.max(seen.entrySet(), Map.Entry.comparingByValue()).getKey();
    }
  }

  private synchronized void seenStamped(SignatureTimestamper timestamper, int length) {
    stampedLengths.computeIfAbsent(timestamper, t -> new java.util.TreeMap<>()).merge(length, 1, Integer::sum);
  }

  /**
   * {@code given}, or else the time-stamping authority of this signer's {@link SealAdditions} (gateway.yaml
   * {@code timestamping:}), so that a gateway's PAdES seals are B-T like its CMS seals; null without either.
   */
  private synchronized SignatureTimestamper orAdditions(SignatureTimestamper given) {
    if (given != null || additions.timestamper().isEmpty()) {
      return given;
    }
    if (additionsSeam != null) {
      return additionsSeam;
    }
    TimeStamper tsa = additions.timestamper().get();
    return additionsSeam = signatureValue -> {
      try {
        return tsa.stamp(MessageDigest.getInstance("SHA-256").digest(signatureValue));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "SHA-256 is not available in this Java: " + e.getMessage(), e);
      }
    };
  }

  /** A detached signature whose message-digest attribute is {@code digest} (the content is not at hand). */
  private byte[] signDigest(byte[] digest) throws GatewayException {
    return sign(new CMSAbsentContent(), null, false, digest);
  }

  private byte[] withTimestamp(byte[] der, SignatureTimestamper timestamper) throws GatewayException {
    byte[] token;
    CMSSignedData signed;
    SignerInformation signer;
    try {
      signed = new CMSSignedData(der);
      signer = signed.getSignerInfos().getSigners().iterator().next();
    } catch (CMSException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot read back the signature just made: "
          + e.getMessage(), e);
    }
    token = timestamper.timestamp(signer.getSignature());
    try {
      Attribute attribute = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
          new DERSet(ASN1Primitive.fromByteArray(token)));
      SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signer,
          new AttributeTable(attribute));
      return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped)).getEncoded("DER");
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "the time-stamp token is not DER (" + e.getMessage()
          + "); check the time-stamping authority's URL and that it answers RFC 3161 requests", e);
    }
  }

  private byte[] sign(byte[] content, Instant signingTime, boolean encapsulate) throws GatewayException {
    return sign(new CMSProcessableByteArray(content), signingTime, encapsulate);
  }

  private byte[] sign(CMSTypedData content, Instant signingTime, boolean encapsulate) throws GatewayException {
    return sign(content, signingTime, encapsulate, null);
  }

  private byte[] sign(CMSTypedData content, Instant signingTime, boolean encapsulate, byte[] messageDigest)
      throws GatewayException {
    try {
      ContentSigner contentSigner = new JcaContentSignerBuilder(scheme.jcaName())
          .setProvider(CryptoProviders.ensureInstalled()).build(credential.privateKey());
      X509Certificate cert = credential.certificate();
      AttributeTable signed = new AttributeTable(new Hashtable<>())
          .add(PKCSObjectIdentifiers.id_aa_signingCertificateV2, signingCertificateV2(cert));
      if (signingTime != null) {
        signed = signed.add(CMSAttributes.signingTime, new Time(Date.from(signingTime)));
      }
      if (messageDigest != null) { // Bouncy Castle keeps a given digest instead of hashing the (absent) content
        signed = signed.add(CMSAttributes.messageDigest, new DEROctetString(messageDigest));
      }
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
              new JcaDigestCalculatorProviderBuilder().build())
          .setSignedAttributeGenerator(signingTime != null ? new DefaultSignedAttributeTableGenerator(signed)
              : new WithoutSigningTime(signed))
          .build(contentSigner, cert));
      gen.addCertificates(new JcaCertStore(credential.chain()));
      org.bouncycastle.cms.CMSSignedData signedData = gen.generate(content, encapsulate);
      // a PAdES signature (made over a given digest) takes no additions: its timestamp comes through
      // signPades's own seam, and a PDF reserves an exact length the additions' varying size would miss
      boolean additionsApply = messageDigest == null;
      if (additionsApply && additions.timestamper().isPresent()) {
        signedData = SignatureTimeStamps.attach(signedData, additions.timestamper().get());
      }
      if (additionsApply && (!additions.certificates().isEmpty() || !additions.crls().isEmpty())) {
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

  /** Bouncy Castle's default attributes less the signing-time it adds when none is given (PAdES). */
  private static final class WithoutSigningTime extends DefaultSignedAttributeTableGenerator {
    WithoutSigningTime(AttributeTable attributes) {
      super(attributes);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // Bouncy Castle's signature is raw
    protected Hashtable createStandardAttributeTable(Map parameters) {
      Hashtable table = super.createStandardAttributeTable(parameters);
      table.remove(CMSAttributes.signingTime);
      return table;
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
