package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The CAdES signature-time-stamp (ETSI EN 319 122-1 5.3, RFC 3161 Appendix A): an unsigned attribute
 * id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14) whose token's message imprint is the SHA-256 of the
 * SignerInfo's signature value. {@link #attach} adds one; {@link #read} finds and checks it. Stateless.
 */
final class SignatureTimeStamps {
  private SignatureTimeStamps() {}

  /** Returns {@code signed} with a fresh signature-time-stamp on each signer. */
  static CMSSignedData attach(CMSSignedData signed, TimeStamper timestamper) throws GatewayException {
    List<SignerInformation> stamped = new ArrayList<>();
    for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
      byte[] token = timestamper.stamp(sha256(signer.getSignature()));
      ASN1Primitive tokenInfo;
      try {
        tokenInfo = ASN1Primitive.fromByteArray(token);
      } catch (java.io.IOException e) {
        throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "the timestamp token cannot be read back: " + e.getMessage(), e);
      }
      AttributeTable unsigned = signer.getUnsignedAttributes() == null
          ? new AttributeTable(new org.bouncycastle.asn1.ASN1EncodableVector()) : signer.getUnsignedAttributes();
      unsigned = unsigned.add(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, tokenInfo);
      stamped.add(SignerInformation.replaceUnsignedAttributes(signer, unsigned));
    }
    return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
  }

  /**
   * The signer's signature-time-stamp, checked against its signature value (imprint, token signature, TSA key
   * purpose); empty when it has none. The TSA's path is the caller's to validate.
   *
   * @throws GatewayException TIMESTAMP_INVALID when there is more than one, or the one there does not check out
   */
  static Optional<TimeStampTokens.Checked> read(SignerInformation signer) throws GatewayException {
    AttributeTable unsigned = signer.getUnsignedAttributes();
    if (unsigned == null) {
      return Optional.empty();
    }
    org.bouncycastle.asn1.ASN1EncodableVector all = unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
    if (all.size() == 0) {
      return Optional.empty();
    }
    Attribute attr = (Attribute) all.get(0);
    if (all.size() != 1 || attr.getAttrValues().size() != 1) {
      throw new GatewayException(ReasonCode.TIMESTAMP_INVALID, "the signature carries more than one "
          + "signature-time-stamp; exactly one is expected");
    }
    TimeStampToken token;
    try {
      ASN1Encodable value = attr.getAttrValues().getObjectAt(0);
      token = new TimeStampToken(ContentInfo.getInstance(value));
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.TIMESTAMP_INVALID, "the signature-time-stamp is not an RFC 3161 "
          + "TimeStampToken (" + e.getMessage() + ")", e);
    }
    return Optional.of(TimeStampTokens.check(token, sha256(signer.getSignature()), "the signature-time-stamp",
        ReasonCode.TIMESTAMP_INVALID));
  }


  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

}
