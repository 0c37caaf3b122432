package eu.mlagw.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One participant in the directory: identity, where its certificates and (for participants hosted
 * by this gateway) its keystores are, and for others the id of the peer gateway hosting it. Paths
 * are absolute (resolved against the config folder).
 */
public record ParticipantConfig(
    String id, String name, String country, String kind,
    Path sealCertificate, Path encryptionCertificate,
    Optional<Path> sealKeystore, Optional<Path> encryptionKeystore, Optional<String> gateway) {

  public boolean isHosted() {
    return sealKeystore.isPresent() || encryptionKeystore.isPresent();
  }
}
