package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.FuzzPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by DetachedSignatureFuzzTest: a SignedData that parses but whose signer infos or
 * certificates are wrongly typed escaped as IllegalArgumentException; it is MALFORMED.
 */
class MalformedSignerInfoTest {
  @ParameterizedTest
  @ValueSource(strings = {"crash-malformed-signer-certificates-178", "crash-malformed-signer-verify-84"})
  void signatureWithMalformedSignerPartsIsRefusedAsMalformed(String input) {
    byte[] signature = FuzzPki.resource("/eu/mlagw/crypto/DetachedSignatureFuzzTestInputs/detached/" + input);
    GatewayException e = assertThrows(GatewayException.class, () ->
        new DetachedSignatureVerifier(FuzzPki.get().trustPolicy()).verify(signature,
            DetachedSignatureFuzzTest.CONTENT, FuzzPki.NOW));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.getMessage());
  }

  /** A signature algorithm OID nobody knows ("SHA256with1.2.840.1286532.3.2") is refused by the policy first. */
  @org.junit.jupiter.api.Test
  void signatureWithAnUnknownSignatureAlgorithmIsRefusedByThePolicy() {
    byte[] signature = FuzzPki.resource(
        "/eu/mlagw/crypto/DetachedSignatureFuzzTestInputs/detached/crash-malformed-signer-verify-99");
    GatewayException e = assertThrows(GatewayException.class, () ->
        new DetachedSignatureVerifier(FuzzPki.get().trustPolicy()).verify(signature,
            DetachedSignatureFuzzTest.CONTENT, FuzzPki.NOW));
    assertEquals(ReasonCode.ALGORITHM_REFUSED, e.reason(), e.getMessage());
  }

  /** Found by DetachedSignatureFuzzTest#encapsulated: eContent that is not an OCTET STRING (ClassCastException before). */
  @ParameterizedTest
  @ValueSource(strings = {"crash-content-not-octet-string-1", "crash-content-not-octet-string-2"})
  void encapsulatedContentThatIsNoOctetStringIsMalformed(String input) {
    byte[] signed = FuzzPki.resource("/eu/mlagw/crypto/DetachedSignatureFuzzTestInputs/encapsulated/" + input);
    GatewayException e = assertThrows(GatewayException.class, () ->
        new DetachedSignatureVerifier(FuzzPki.get().trustPolicy()).verifyEncapsulated(signed, FuzzPki.NOW));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.getMessage());
  }
}
