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
 * @param trustedTime the verified signature-time-stamp (CAdES-B-T), empty when the signature carries none
 */
public record VerifiedSignature(
    X509Certificate signer,
    List<X509Certificate> chain,
    Instant signingTime,
    String signatureAlgorithm,
    List<String> revocationSources,
    ValidationTime validatedAt,
    java.util.Optional<TrustedTime> trustedTime) {

  public VerifiedSignature {
    chain = List.copyOf(chain);
    revocationSources = List.copyOf(revocationSources);
    trustedTime = trustedTime == null ? java.util.Optional.empty() : trustedTime;
  }

  /** A signature without a signature-time-stamp. */
  public VerifiedSignature(X509Certificate signer, List<X509Certificate> chain, Instant signingTime,
      String signatureAlgorithm, List<String> revocationSources, ValidationTime validatedAt) {
    this(signer, chain, signingTime, signatureAlgorithm, revocationSources, validatedAt, java.util.Optional.empty());
  }

  /**
   * One line for people: "trusted time T (RFC 3161 timestamp by TSA, CAdES-B-T)", or that there is none and only
   * the signer's own claim dates it.
   */
  public String trustedTimeLine() {
    return trustedTime.map(t -> "trusted time " + t.time() + " (RFC 3161 signature-time-stamp by " + t.authorityName()
        + ", CAdES-B-T)").orElse("no trusted time (no signature-time-stamp, CAdES-B): only the signer's claim dates it");
  }

  /** The CAdES level the signature reached here: "B-T" with a verified signature-time-stamp, else "B". */
  public String level() {
    return trustedTime.isPresent() ? "B-T" : "B";
  }
}
