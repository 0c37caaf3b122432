package eu.mlagw.crypto;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A time vouched for by a time-stamping authority (RFC 3161 signature-time-stamp) whose token verified: its
 * imprint is the digest of the signature value, its signature is the TSA's, the TSA certificate carries the
 * critical id-kp-timeStamping key purpose and chains to a trust anchor.
 *
 * @param time the token's genTime: the signature existed at this time
 * @param authority the TSA's certificate
 * @param policy the TSA policy OID the token names
 * @param chain the TSA's validated path, its certificate first, the trust anchor last
 */
public record TrustedTime(Instant time, X509Certificate authority, String policy, List<X509Certificate> chain) {
  public TrustedTime {
    chain = List.copyOf(chain);
  }

  /** The TSA's subject, for reports. */
  public String authorityName() {
    return authority.getSubjectX500Principal().getName();
  }
}
