package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.security.Key;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientIdentifier;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Finds the RecipientInfo addressed to our certificate and recovers the content-encryption key:
 * RSA-OAEP key transport (KeyTransRecipientInfo) or ECDH key agreement (KeyAgreeRecipientInfo), each
 * only if the {@link AlgorithmPolicy} accepts its algorithm (PKCS#1 v1.5 key transport is refused).
 * Recipients are matched by issuer + serial number or by subject key identifier.
 */
final class ContentKeyUnwrapper {
  private final Credential credential;
  private final AlgorithmPolicy algorithms;

  ContentKeyUnwrapper(Credential credential, AlgorithmPolicy algorithms) {
    this.credential = credential;
    this.algorithms = algorithms;
  }

  byte[] unwrap(ASN1Set recipientInfos, AlgorithmIdentifier contentAlgorithm) throws GatewayException {
    X509Certificate cert = credential.certificate();
    IssuerAndSerialNumber ours = new IssuerAndSerialNumber(
        X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()), cert.getSerialNumber());
    byte[] ourSki = subjectKeyIdentifier(cert);
    List<String> addressedTo = new ArrayList<>();
    for (ASN1Encodable element : recipientInfos) {
      RecipientInfo info = RecipientInfo.getInstance(element);
      ASN1Encodable value = info.getInfo();
      try {
        if (value instanceof KeyTransRecipientInfo) {
          KeyTransRecipientInfo ktri = (KeyTransRecipientInfo) value;
          RecipientIdentifier rid = ktri.getRecipientIdentifier();
          addressedTo.add(describe(rid.getId()));
          if (matches(rid.getId(), ours, ourSki)) {
            algorithms.checkKeyTransport(ktri.getKeyEncryptionAlgorithm());
            return new KeyTransUnwrap(credential.privateKey())
                .unwrap(ktri.getKeyEncryptionAlgorithm(), contentAlgorithm, ktri.getEncryptedKey().getOctets());
          }
        } else if (value instanceof KeyAgreeRecipientInfo) {
          KeyAgreeRecipientInfo kari = (KeyAgreeRecipientInfo) value;
          for (ASN1Encodable rekElement : kari.getRecipientEncryptedKeys()) {
            RecipientEncryptedKey rek = RecipientEncryptedKey.getInstance(rekElement);
            KeyAgreeRecipientIdentifier kid = rek.getIdentifier();
            ASN1Encodable id = kid.getIssuerAndSerialNumber() != null ? kid.getIssuerAndSerialNumber()
                : kid.getRKeyID() != null ? kid.getRKeyID().getSubjectKeyIdentifier() : null;
            addressedTo.add(describe(id));
            if (id != null && matches(id, ours, ourSki)) {
              algorithms.checkKeyAgreement(kari.getKeyEncryptionAlgorithm());
              return unwrapKeyAgree(kari, rek, contentAlgorithm);
            }
          }
        } else {
          addressedTo.add("a recipient type this gateway does not use (" + value.getClass().getSimpleName() + ")");
        }
      } catch (CMSException | RuntimeException e) {
        throw new GatewayException(ReasonCode.ENVELOPE_TAMPERED, "the envelope is addressed to "
            + subject(cert) + " but its content key cannot be recovered with our private key ("
            + e.getMessage() + "); it was altered, or the encryption keystore does not match its certificate", e);
      }
    }
    throw new GatewayException(ReasonCode.NOT_FOR_THIS_RECIPIENT, "this package is not encrypted for "
        + subject(cert) + " (serial " + cert.getSerialNumber().toString(16) + "); it is addressed to: "
        + String.join("; ", addressedTo) + ". Open it as the participant it was sent to, or ask the "
        + "sender to seal it for your current encryption certificate");
  }

  private byte[] unwrapKeyAgree(KeyAgreeRecipientInfo kari, RecipientEncryptedKey rek,
      AlgorithmIdentifier contentAlgorithm) throws CMSException, GatewayException {
    KeyAgreeUnwrap recipient = new KeyAgreeUnwrap(credential.privateKey());
    OriginatorPublicKey originator = kari.getOriginator().getOriginatorKey();
    if (originator == null) {
      throw new GatewayException(ReasonCode.MALFORMED, "the ECDH recipient info names its originator by "
          + "certificate instead of carrying an ephemeral key; only ephemeral-static ECDH is supported");
    }
    SubjectPublicKeyInfo senderKey = new SubjectPublicKeyInfo(
        recipient.getPrivateKeyAlgorithmIdentifier(), originator.getPublicKey().getBytes());
    return recipient.unwrap(kari.getKeyEncryptionAlgorithm(), contentAlgorithm, senderKey,
        kari.getUserKeyingMaterial(), rek.getEncryptedKey().getOctets());
  }

  private static boolean matches(ASN1Encodable id, IssuerAndSerialNumber ours, byte[] ourSki) {
    if (id instanceof ASN1OctetString) {
      return ourSki != null && java.util.Arrays.equals(((ASN1OctetString) id).getOctets(), ourSki);
    }
    IssuerAndSerialNumber theirs = IssuerAndSerialNumber.getInstance(id);
    return theirs.getName().equals(ours.getName()) && theirs.getSerialNumber().equals(ours.getSerialNumber());
  }

  static String describe(ASN1Encodable id) {
    if (id == null) {
      return "an unidentified recipient";
    }
    if (id instanceof ASN1OctetString) {
      return "subject key id " + org.bouncycastle.util.encoders.Hex.toHexString(((ASN1OctetString) id).getOctets());
    }
    IssuerAndSerialNumber isn = IssuerAndSerialNumber.getInstance(id);
    return "serial " + isn.getSerialNumber().getValue().toString(16) + " issued by " + isn.getName();
  }

  private static byte[] subjectKeyIdentifier(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue("2.5.29.14");
    if (ext == null) {
      try {
        return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(cert.getPublicKey()).getKeyIdentifier();
      } catch (java.security.NoSuchAlgorithmException e) {
        return null;
      }
    }
    return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
  }

  private static String subject(X509Certificate cert) {
    return "'" + cert.getSubjectX500Principal().getName() + "'";
  }

  private static byte[] encoded(Key key) throws CMSException {
    byte[] raw = key.getEncoded();
    if (raw == null) {
      throw new CMSException("the unwrapped content key is not extractable");
    }
    return raw;
  }

  /** Exposes Bouncy Castle's key-transport unwrapping without its (slow) content decryption. */
  private static final class KeyTransUnwrap extends JceKeyTransAuthEnvelopedRecipient {
    KeyTransUnwrap(java.security.PrivateKey key) {
      // No provider: the JDK's RSA (SunJCE OAEP over intrinsified BigInteger) is several times
      // faster than Bouncy Castle's, and each segment needs one private-key operation.
      super(key);
    }

    byte[] unwrap(AlgorithmIdentifier keyAlg, AlgorithmIdentifier contentAlg, byte[] encryptedKey)
        throws CMSException {
      return encoded(extractSecretKey(keyAlg, contentAlg, encryptedKey));
    }
  }

  /** Exposes Bouncy Castle's ECDH + KDF + key-unwrap without its (slow) content decryption. */
  private static final class KeyAgreeUnwrap extends JceKeyAgreeAuthEnvelopedRecipient {
    KeyAgreeUnwrap(java.security.PrivateKey key) {
      super(key);
      setProvider(CryptoProviders.ensureInstalled());
    }

    byte[] unwrap(AlgorithmIdentifier keyAlg, AlgorithmIdentifier contentAlg, SubjectPublicKeyInfo senderKey,
        ASN1OctetString ukm, byte[] encryptedKey) throws CMSException {
      return encoded(extractSecretKey(keyAlg, contentAlg, senderKey, ukm, encryptedKey));
    }
  }
}
