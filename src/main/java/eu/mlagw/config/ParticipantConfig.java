package eu.mlagw.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One participant in the directory: identity and where its certificates and (for participants
 * hosted by this gateway) its keystores are. Paths are absolute (resolved against the config folder).
 */
public record ParticipantConfig(
    String id, String name, String country, String kind,
    Path sealCertificate, Path encryptionCertificate,
    Optional<Path> sealKeystore, Optional<Path> encryptionKeystore) {

  public boolean isHosted() {
    return sealKeystore.isPresent() || encryptionKeystore.isPresent();
  }
}
