package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * Describes a sealed package without any key: per segment the recipients (how each is identified
 * and which key-management algorithm wraps its key), the content encryption, and sizes. Reads the
 * whole file (the ciphertext is skipped, not decrypted). Thread-safe.
 */
public final class EnvelopeInspector {

  /** One envelope segment as seen from outside. */
  public record Segment(List<String> recipients, String contentEncryption, int nonceBytes, int tagBytes,
      long ciphertextBytes, long offset, long length) {}

  public List<Segment> inspect(InputStream in) throws GatewayException {
    EnvelopeSegmentParser parser = new EnvelopeSegmentParser(new BerReader(new BufferedInputStream(in, 1 << 20)));
    List<Segment> segments = new ArrayList<>();
    byte[] skip = new byte[1 << 16];
    try {
      while (parser.readHeader()) {
        while (parser.readContent(skip, 0, skip.length) >= 0) {
          // ciphertext is only counted
        }
        long bytes = parser.contentBytes();
        parser.readTrailer();
        segments.add(new Segment(recipientsOrMalformed(parser), algorithmName(parser.contentAlgorithm().getAlgorithm()),
            parser.nonce().length, parser.tagLength(), bytes, parser.segmentStart(),
            parser.position() - parser.segmentStart()));
      }
    } catch (IOException e) {
      throw new GatewayException(segments.isEmpty() ? ReasonCode.MALFORMED : ReasonCode.ENVELOPE_TAMPERED,
          "the file is not a complete sealed package: " + e.getMessage() + " (after " + segments.size()
              + " complete segments)", e);
    }
    if (segments.isEmpty()) {
      throw new GatewayException(ReasonCode.MALFORMED, "the file is empty, not a sealed package");
    }
    return segments;
  }

  private static List<String> recipientsOrMalformed(EnvelopeSegmentParser parser) throws BerStructureException {
    try {
      return recipients(parser);
    } catch (RuntimeException e) { // Bouncy Castle's getInstance refuses a wrongly typed element
      throw new BerStructureException("recipientInfos are malformed: " + e.getMessage());
    }
  }

  private static List<String> recipients(EnvelopeSegmentParser parser) {
    List<String> out = new ArrayList<>();
    for (ASN1Encodable e : parser.recipientInfos()) {
      ASN1Encodable info = RecipientInfo.getInstance(e).getInfo();
      if (info instanceof KeyTransRecipientInfo) {
        KeyTransRecipientInfo k = (KeyTransRecipientInfo) info;
        String alg = algorithmName(k.getKeyEncryptionAlgorithm().getAlgorithm());
        if (PKCSObjectIdentifiers.id_RSAES_OAEP.equals(k.getKeyEncryptionAlgorithm().getAlgorithm())) {
          RSAESOAEPparams p = RSAESOAEPparams.getInstance(k.getKeyEncryptionAlgorithm().getParameters());
          alg = "RSA-OAEP (" + algorithmName(p.getHashAlgorithm().getAlgorithm()) + ")";
        }
        out.add(alg + " key transport to " + ContentKeyUnwrapper.describe(k.getRecipientIdentifier().getId()));
      } else if (info instanceof KeyAgreeRecipientInfo) {
        KeyAgreeRecipientInfo k = (KeyAgreeRecipientInfo) info;
        for (ASN1Encodable r : k.getRecipientEncryptedKeys()) {
          RecipientEncryptedKey rek = RecipientEncryptedKey.getInstance(r);
          ASN1Encodable id = rek.getIdentifier().getIssuerAndSerialNumber() != null
              ? rek.getIdentifier().getIssuerAndSerialNumber()
              : rek.getIdentifier().getRKeyID().getSubjectKeyIdentifier();
          out.add("ECDH key agreement (" + algorithmName(k.getKeyEncryptionAlgorithm().getAlgorithm()) + ") to "
              + ContentKeyUnwrapper.describe(id));
        }
      } else {
        out.add("other recipient type " + info.getClass().getSimpleName());
      }
    }
    return out;
  }

  static String algorithmName(ASN1ObjectIdentifier oid) {
    if (NISTObjectIdentifiers.id_aes256_GCM.equals(oid)) {
      return "AES-256-GCM";
    }
    if (NISTObjectIdentifiers.id_aes128_GCM.equals(oid)) {
      return "AES-128-GCM";
    }
    if (NISTObjectIdentifiers.id_aes192_GCM.equals(oid)) {
      return "AES-192-GCM";
    }
    if ("1.3.132.1.11.1".equals(oid.getId())) {
      return "dhSinglePass-stdDH-sha256kdf";
    }
    String name = new DefaultAlgorithmNameFinder().getAlgorithmName(oid);
    return name == null || name.equals(oid.getId()) ? oid.getId() : name;
  }
}
