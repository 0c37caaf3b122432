package eu.mlagw.crypto;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A signature whose cryptographic check passed and whose signer chains to a trust anchor.
 *
 * @param signer the signing certificate
 * @param chain the validated path, signer first, trust anchor last
 * @param signingTime the signing-time attribute: the signer's claim, shown to people, never the
 *     validation time
 * @param validatedAt the time the certificate path was validated at and where it comes from
 * @param signatureAlgorithm JCA-style name, e.g. SHA256withRSA
 * @param revocationSources human-readable list of CRLs consulted
 */
public record VerifiedSignature(
    X509Certificate signer,
    List<X509Certificate> chain,
    Instant signingTime,
    String signatureAlgorithm,
    List<String> revocationSources,
    ValidationTime validatedAt) {

  public VerifiedSignature {
    chain = List.copyOf(chain);
    revocationSources = List.copyOf(revocationSources);
  }
}
