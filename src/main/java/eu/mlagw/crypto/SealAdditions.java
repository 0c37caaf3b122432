package eu.mlagw.crypto;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link DetachedSigner} adds to a signature beyond CAdES-B: a signature-time-stamp from {@code timestamper}
 * (CAdES-B-T), and validation data — {@code certificates} (the rest of the signer's and the TSA's paths up to the
 * root) and {@code crls} — in SignedData.certificates and SignedData.crls, so that the signature validates without
 * fetching anything (CAdES-B-LT as DSS reads it). Of the CRLs only those whose issuer is on the signer's or the
 * TSA's path are written. Immutable.
 */
public record SealAdditions(Optional<TimeStamper> timestamper, List<X509Certificate> certificates, List<X509CRL> crls) {
  /** CAdES-B: nothing added. */
  public static final SealAdditions NONE = new SealAdditions(Optional.empty(), List.of(), List.of());

  public SealAdditions {
    timestamper = timestamper == null ? Optional.empty() : timestamper;
    certificates = List.copyOf(certificates);
    crls = List.copyOf(crls);
  }
}
