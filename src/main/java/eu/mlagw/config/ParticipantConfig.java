package eu.mlagw.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One participant in the directory: identity, where its certificates and (for participants hosted
 * by this gateway) its keystores are, and for others the id of the peer gateway hosting it. Paths
 * are absolute (resolved against the config folder).
 *
 * <p>{@code maySendTo} and {@code mayReceiveFrom} are the exchange policy: participant ids, a
 * prefix ending in {@code *} ({@code RS-*}: anyone in Serbia) or {@code *} (anyone). {@code
 * delivery} is how a hosted participant receives (the inbox folder, a REST or a SOAP push).
 */
public record ParticipantConfig(
    String id, String name, String country, String kind,
    Path sealCertificate, Path encryptionCertificate,
    Optional<Path> sealKeystore, Optional<Path> encryptionKeystore, Optional<String> gateway,
    List<String> maySendTo, List<String> mayReceiveFrom, DeliveryChannel delivery) {

  /** Anyone: the policy when participants.yaml names none. */
  public static final List<String> ANYONE = List.of("*");

  public ParticipantConfig {
    maySendTo = List.copyOf(maySendTo);
    mayReceiveFrom = List.copyOf(mayReceiveFrom);
  }

  public boolean isHosted() {
    return sealKeystore.isPresent() || encryptionKeystore.isPresent();
  }

  /** Whether this participant's policy lets it send to {@code recipientId}. */
  public boolean maySendTo(String recipientId) {
    return matchesAny(maySendTo, recipientId);
  }

  /** Whether this participant's policy lets it receive from {@code senderId}. */
  public boolean mayReceiveFrom(String senderId) {
    return matchesAny(mayReceiveFrom, senderId);
  }

  private static boolean matchesAny(List<String> patterns, String id) {
    for (String p : patterns) {
      if (p.equals("*") || p.equals(id) || (p.endsWith("*") && id.startsWith(p.substring(0, p.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
