package eu.mlagw.pkg;

import java.security.cert.X509Certificate;
import java.util.Optional;

/** The directory's view needed to open a package: which seal certificate(s) a sender id owns. */
@FunctionalInterface
public interface SealCertificates {
  /** Seal certificates of {@code participantId} (current and previous); empty if the id is unknown. */
  Optional<java.util.List<X509Certificate>> sealCertificatesOf(String participantId);
}
