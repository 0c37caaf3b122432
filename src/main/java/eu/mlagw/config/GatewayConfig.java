package eu.mlagw.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration of one gateway, immutable. Loaded by {@link ConfigLoader} from
 * {@code gateway.yaml} and {@code participants.yaml} in the configuration folder. The drop-folder
 * root is needed only by a running node ({@code mlagw run}). {@code cluster} and {@code auditStore} say how
 * the node joins the Hazelcast cluster and where the audit log is kept ({@code audit}: its checkpoint interval) (defaults: a single embedded
 * member, an H2 file under the configuration folder). {@code dropFolderAllowHardLinks}
 * (gateway.yaml {@code dropFolders.allowHardLinks}, default false): whether a submission may hold a
 * file whose link count is above 1; by default it is refused, since the same file may be outside
 * the drop root. {@code listeners}: timeouts and concurrency limits of
 * the peer and audit API listeners ({@link ListenerSettings#DEFAULTS} when absent).
 */
public record GatewayConfig(
    Path directory, String gatewayId,
    List<Path> trustAnchors, List<Path> intermediates, List<Path> crls,
    SecretSource keystorePassword,
    Map<String, ParticipantConfig> participants,
    Optional<Path> dropFolderRoot, int pollMillis,
    Optional<Path> gatewaySealKeystore, Optional<Path> gatewaySealCertificate,
    Optional<Path> tlsKeystore, String listenHost, int listenPort, List<PeerConfig> peers,
    RetrySettings retry, AuditSettings audit, ClusterConfig cluster, AuditStoreConfig auditStore,
    Optional<AuditApiSettings> auditApi, Limits limits, AlgorithmSettings algorithms,
    boolean dropFolderAllowHardLinks, ListenerSettings listeners) {

  public GatewayConfig {
    auditApi = auditApi == null ? Optional.empty() : auditApi;
    trustAnchors = List.copyOf(trustAnchors);
    intermediates = List.copyOf(intermediates);
    crls = List.copyOf(crls);
    peers = List.copyOf(peers);
    participants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(participants)); // file order
    audit = audit == null ? AuditSettings.defaults() : audit;
    limits = limits == null ? Limits.NONE : limits;
    algorithms = algorithms == null ? AlgorithmSettings.DEFAULTS : algorithms;
    listeners = listeners == null ? ListenerSettings.DEFAULTS : listeners;
  }

  /**
   * gateway.yaml {@code algorithms:}: relaxations of the algorithm policy for legacy partners.
   *
   * @param allowRsa2048 accept 2048-bit RSA keys in seals and certificate paths (default false: RSA
   *     3072+ or EC P-256/P-384 only); when true, config check and the log at start warn
   */
  public record AlgorithmSettings(boolean allowRsa2048) {
    public static final AlgorithmSettings DEFAULTS = new AlgorithmSettings(false);
  }

  /** A configuration without the audit API ({@code auditApi:} absent). */
  public GatewayConfig(Path directory, String gatewayId, List<Path> trustAnchors, List<Path> intermediates,
      List<Path> crls, SecretSource keystorePassword, Map<String, ParticipantConfig> participants,
      Optional<Path> dropFolderRoot, int pollMillis, Optional<Path> gatewaySealKeystore,
      Optional<Path> gatewaySealCertificate, Optional<Path> tlsKeystore, String listenHost, int listenPort,
      List<PeerConfig> peers, RetrySettings retry, AuditSettings audit) {
    this(directory, gatewayId, trustAnchors, intermediates, crls, keystorePassword, participants, dropFolderRoot,
        pollMillis, gatewaySealKeystore, gatewaySealCertificate, tlsKeystore, listenHost, listenPort, peers,
        retry, audit, ClusterConfig.singleMember(ClusterConfig.defaultNodeName(), ClusterConfig.DEFAULT_PORT),
        AuditStoreConfig.h2(directory.resolve(AuditStoreConfig.DEFAULT_H2_FILE)), Optional.empty(), Limits.NONE, null, false,
        ListenerSettings.DEFAULTS);
  }

  /** A configuration with the default {@link AuditSettings}. */
  public GatewayConfig(Path directory, String gatewayId, List<Path> trustAnchors, List<Path> intermediates,
      List<Path> crls, SecretSource keystorePassword, Map<String, ParticipantConfig> participants,
      Optional<Path> dropFolderRoot, int pollMillis, Optional<Path> gatewaySealKeystore,
      Optional<Path> gatewaySealCertificate, Optional<Path> tlsKeystore, String listenHost, int listenPort,
      List<PeerConfig> peers) {
    this(directory, gatewayId, trustAnchors, intermediates, crls, keystorePassword, participants, dropFolderRoot,
        pollMillis, gatewaySealKeystore, gatewaySealCertificate, tlsKeystore, listenHost, listenPort, peers,
        RetrySettings.DEFAULT, null, ClusterConfig.singleMember(ClusterConfig.defaultNodeName(), ClusterConfig.DEFAULT_PORT),
        AuditStoreConfig.h2(directory.resolve(AuditStoreConfig.DEFAULT_H2_FILE)), Optional.empty(), Limits.NONE, null, false,
        ListenerSettings.DEFAULTS);
  }

  /**
   * Another gateway this one talks to: its id, endpoint URL, the TLS certificate it must present,
   * and its evidence seal certificate (peers[].sealCertificate) — the only certificate whose
   * evidences naming this peer as issuer are accepted; without it, none are.
   */
  public record PeerConfig(String id, java.net.URI url, Path certificate, Optional<Path> sealCertificate) {
    public PeerConfig {
      sealCertificate = sealCertificate == null ? Optional.empty() : sealCertificate;
    }

    public PeerConfig(String id, java.net.URI url, Path certificate) {
      this(id, url, certificate, Optional.empty());
    }
  }
}
