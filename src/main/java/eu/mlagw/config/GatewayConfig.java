package eu.mlagw.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration of one gateway, immutable. Loaded by {@link ConfigLoader} from
 * {@code gateway.yaml} and {@code participants.yaml} in the configuration folder. The drop-folder
 * root is needed only by a running node ({@code mlagw run}).
 */
public record GatewayConfig(
    Path directory, String gatewayId,
    List<Path> trustAnchors, List<Path> intermediates, List<Path> crls,
    SecretSource keystorePassword,
    Map<String, ParticipantConfig> participants,
    Optional<Path> dropFolderRoot, int pollMillis,
    Optional<Path> gatewaySealKeystore, Optional<Path> gatewaySealCertificate) {

  public GatewayConfig {
    trustAnchors = List.copyOf(trustAnchors);
    intermediates = List.copyOf(intermediates);
    crls = List.copyOf(crls);
    participants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(participants)); // file order
  }

  public Optional<ParticipantConfig> participant(String id) {
    return Optional.ofNullable(participants.get(id));
  }
}
