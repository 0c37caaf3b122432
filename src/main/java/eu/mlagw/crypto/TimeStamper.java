package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;

/**
 * Obtains an RFC 3161 timestamp over a SHA-256 digest. Implementations: {@link TimeStampClient} (a TSA over
 * HTTP). Thread-safe.
 */
public interface TimeStamper {
  /**
   * Returns the DER-encoded TimeStampToken (a CMS ContentInfo) whose message imprint is {@code sha256}, checked
   * (status, nonce, imprint, signature, the TSA certificate's critical id-kp-timeStamping key purpose and its chain
   * to the configured trust anchor) before it is returned.
   *
   * @throws GatewayException TSA_UNAVAILABLE (retryable: the TSA could not be reached, refused or sent an answer
   *     that does not check out); never returns an unchecked token
   */
  byte[] stamp(byte[] sha256) throws GatewayException;

  /** Where the timestamps come from, for messages and logs (e.g. the TSA's URL). */
  String source();
}
