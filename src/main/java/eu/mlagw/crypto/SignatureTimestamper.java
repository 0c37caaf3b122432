package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;

/**
 * Obtains an RFC 3161 time-stamp token over a signature value, for the signature-time-stamp
 * unsigned attribute (id-aa-signatureTimeStampToken, RFC 3161 appendix A) that lifts a CAdES or
 * PAdES signature from baseline B to B-T. The seam {@link DetachedSigner#signPades} calls once per
 * signature, after the value is computed; a TSA client implements it.
 */
@FunctionalInterface
public interface SignatureTimestamper {
  /**
   * Returns the DER encoding of a TimeStampToken (a CMS ContentInfo with SignedData) whose message
   * imprint is a hash of {@code signatureValue} (the SignerInfo's signature octets).
   *
   * @throws GatewayException when no token can be had; the signature is then not written
   */
  byte[] timestamp(byte[] signatureValue) throws GatewayException;
}
