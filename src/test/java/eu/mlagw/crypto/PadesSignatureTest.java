package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link DetachedSigner#signPades}: the attributes PAdES baseline B asks for (content-type,
 * message-digest, signing-certificate-v2; no signing-time), a value that verifies over the content,
 * and the timestamp seam putting the TSA's token into the signature-time-stamp attribute over
 * exactly the signature value.
 */
class PadesSignatureTest {
  private static final TestPki PKI = new TestPki("Pades");
  private static final DetachedSigner SEAL = new DetachedSigner(PKI.gatewaySeal("gw-al", KeyKind.EC_P256));
  private static final byte[] CONTENT = "%PDF-1.7 byte ranges".getBytes(StandardCharsets.US_ASCII);

  private static SignerInformation signer(byte[] der) throws Exception {
    return new CMSSignedData(new CMSProcessableByteArray(CONTENT), der).getSignerInfos().getSigners().iterator()
        .next();
  }

  @Test
  void signedAttributesAreThoseOfPadesBaselineB() throws Exception {
    SignerInformation s = signer(SEAL.signPades(new ByteArrayInputStream(CONTENT)));
    AttributeTable signed = s.getSignedAttributes();
    assertNull(signed.get(CMSAttributes.signingTime), "PAdES forbids signing-time in the CMS");
    assertNotNull(signed.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
    assertNotNull(signed.get(CMSAttributes.contentType));
    assertNotNull(signed.get(CMSAttributes.messageDigest));
    assertEquals(true, s.verify(new JcaSimpleSignerInfoVerifierBuilder().build(SEAL.credential().certificate())));
    assertNull(s.getUnsignedAttributes(), "baseline B: no timestamp without a TSA");
  }

  @Test
  void theTimestamperIsAskedOverTheSignatureValueAndItsTokenBecomesTheSignatureTimeStamp() throws Exception {
    byte[][] asked = {null};
    // a stand-in token: any DER value; the real one comes from the TSA client
    byte[] token = new DERSequence(new DEROctetString(new byte[] {1, 2, 3})).getEncoded("DER");
    SignatureTimestamper tsa = value -> {
      asked[0] = value.clone();
      return token;
    };
    SignerInformation s = signer(SEAL.signPades(new ByteArrayInputStream(CONTENT), tsa, 0));
    assertArrayEquals(s.getSignature(), asked[0], "the token is over this signature's value");
    var attribute = s.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
    assertArrayEquals(token, attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER"));
    assertEquals(true, s.verify(new JcaSimpleSignerInfoVerifierBuilder().build(SEAL.credential().certificate())),
        "adding the unsigned attribute leaves the signature valid");
  }

  /** ECDSA values vary in length; a PDF's reserved room is filled exactly, so no padding follows the DER. */
  @Test
  void anExactLengthIsMetEveryTimeAndTheSignatureStillVerifies() throws Exception {
    int length = SEAL.padesLength();
    for (int i = 0; i < 20; i++) {
      byte[] der = SEAL.signPades(new ByteArrayInputStream(CONTENT), null, length);
      assertEquals(length, der.length);
      assertEquals(true, signer(der).verify(new JcaSimpleSignerInfoVerifierBuilder()
          .build(SEAL.credential().certificate())));
    }
  }

  @Test
  void aLengthNoSignatureCanHaveIsRefused() {
    GatewayException e = assertThrows(GatewayException.class,
        () -> SEAL.signPades(new ByteArrayInputStream(CONTENT), null, 100));
    assertEquals(ReasonCode.CRYPTO_FAILURE, e.reason());
  }

  /** Tokens vary in length (the TSA's signature, time, nonce): the whole still fits the reserved room. */
  @Test
  void aTimestampedSignatureFitsItsLengthAcrossTokensOfVaryingLength() throws Exception {
    int[] calls = {0};
    SignatureTimestamper varying = value -> {
      calls[0]++;
      try {
        return new DERSequence(new DEROctetString(new byte[300 + calls[0] % 3])).getEncoded("DER");
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    };
    int length = SEAL.padesLength(varying);
    assertEquals(5, calls[0], "five tokens to find the usual length");
    for (int i = 0; i < 5; i++) {
      byte[] der = SEAL.signPades(new ByteArrayInputStream(CONTENT), varying, length);
      assertEquals(length, der.length);
      assertNotNull(signer(der).getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken));
    }
    assertTrue(calls[0] > 10, "a token that did not fit was asked for again: " + calls[0] + " calls");
  }

  /**
   * As a real TSA's: the token one byte shorter one time in four, longer one time in four (its ECDSA
   * value). The room is sized to the usual length, so every signature fits in a few tokens. Aimed at
   * whatever one dummy token gave and with 8 tries, the demo's receipt failed about one time in ten.
   */
  @Test
  void everySignatureFitsWhenTokensVaryLikeARealTsas() throws Exception {
    DetachedSigner seal = new DetachedSigner(SEAL.credential()); // nothing learnt yet
    java.util.Random random = new java.util.Random(7);
    int[] calls = {0};
    SignatureTimestamper tsa = value -> {
      calls[0]++;
      try {
        return new DERSequence(new DEROctetString(new byte[300 + random.nextInt(2) + random.nextInt(2)]))
            .getEncoded("DER");
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    };
    for (int i = 0; i < 200; i++) {
      int length = seal.padesLength(tsa); // as PadesSeal sizes each PDF's room
      assertEquals(length, seal.signPades(new ByteArrayInputStream(CONTENT), tsa, length).length, "signature " + i);
    }
    assertTrue(calls[0] < 5 + 200 * 3, "about two tokens a signature, as the room is the most frequent length: "
        + calls[0]);
  }

  @Test
  void aTokenThatIsNotDerIsRefusedWithAClearReason() {
    GatewayException e = assertThrows(GatewayException.class,
        () -> SEAL.signPades(new ByteArrayInputStream(CONTENT), value -> new byte[] {(byte) 0xff, 0x00}, 0));
    assertEquals(ReasonCode.CRYPTO_FAILURE, e.reason());
    assertEquals(true, e.getMessage().contains("time-stamp token is not DER"), e.getMessage());
  }

  @Test
  void aFailingTimestamperFailsTheSignature() {
    GatewayException e = assertThrows(GatewayException.class, () -> SEAL.signPades(new ByteArrayInputStream(CONTENT),
        value -> {
          throw new GatewayException(ReasonCode.PEER_UNREACHABLE, "TSA down");
        }, 0));
    assertEquals("TSA down", e.getMessage());
  }
}
