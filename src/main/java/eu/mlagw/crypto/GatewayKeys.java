package eu.mlagw.crypto;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key material a configuration points at: trust policy, participants' certificates, and the
 * private keys of participants hosted here. Keystores are opened on demand (a command that only
 * seals never needs the encryption keystores) and then kept, since a running gateway needs them for
 * every exchange; the keystore password is wiped after each use. Thread-safe.
 */
public final class GatewayKeys {
  private final GatewayConfig config;
  private final Map<String, String> environment;
  private final TrustPolicy trust;
  /** Opened keystores, by file: opening one costs tens of ms of PBKDF2, and an exchange needs two. */
  private final java.util.concurrent.ConcurrentHashMap<Path, Credential> opened = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<Path, X509Certificate> certificates =
      new java.util.concurrent.ConcurrentHashMap<>();

  public GatewayKeys(GatewayConfig config, Map<String, String> environment) throws GatewayException {
    this.config = config;
    this.environment = Map.copyOf(environment);
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path p : config.trustAnchors()) {
      anchors.addAll(KeyStoreFiles.readCertificates(p));
    }
    List<X509Certificate> intermediates = new ArrayList<>();
    for (Path p : config.intermediates()) {
      intermediates.addAll(KeyStoreFiles.readCertificates(p));
    }
    List<X509CRL> crls = new ArrayList<>();
    for (Path p : config.crls()) {
      crls.addAll(KeyStoreFiles.readCrls(p));
    }
    this.trust = new TrustPolicy(anchors, intermediates, crls,
        AlgorithmPolicy.of(config.algorithms().allowRsa2048()));
  }

  public TrustPolicy trustPolicy() {
    return trust;
  }

  public GatewayConfig config() {
    return config;
  }

  public ParticipantConfig participant(String id) throws GatewayException {
    return config.participant(id).orElseThrow(() -> new GatewayException(ReasonCode.PARTICIPANT_UNKNOWN,
        "participant '" + id + "' is not in " + config.directory().resolve("participants.yaml") + "; known: "
            + String.join(", ", new java.util.TreeSet<>(config.participants().keySet()))));
  }

  public X509Certificate encryptionCertificate(String id) throws GatewayException {
    Path file = participant(id).encryptionCertificate();
    X509Certificate cached = certificates.get(file);
    if (cached == null) {
      cached = KeyStoreFiles.readCertificate(file);
      certificates.put(file, cached);
    }
    return cached;
  }

  /** Seal certificates registered for a participant, or empty if the id is unknown. */
  public Optional<List<X509Certificate>> sealCertificatesOf(String id) {
    Optional<ParticipantConfig> p = config.participant(id);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(KeyStoreFiles.readCertificates(p.get().sealCertificate()));
    } catch (GatewayException e) {
      return Optional.of(List.of());
    }
  }

  /**
   * The configured evidence seal certificate of gateway {@code gatewayId}: this gateway's own
   * (gateway.sealCertificate) or a peer's (peers[].sealCertificate); empty when none is configured.
   *
   * @throws GatewayException KEYSTORE_UNREADABLE if the configured file cannot be read
   */
  public Optional<X509Certificate> gatewaySealCertificateOf(String gatewayId) throws GatewayException {
    Optional<Path> file = gatewayId.equals(config.gatewayId()) ? config.gatewaySealCertificate()
        : config.peer(gatewayId).flatMap(GatewayConfig.PeerConfig::sealCertificate);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    X509Certificate cached = certificates.get(file.get());
    if (cached == null) {
      cached = KeyStoreFiles.readCertificate(file.get());
      certificates.put(file.get(), cached);
    }
    return Optional.of(cached);
  }

  /** The gateway's own seal (gateway.sealKeystore), which signs its evidences. */
  public Credential gatewaySeal() throws GatewayException {
    Path keystore = config.gatewaySealKeystore().orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        config.directory().resolve("gateway.yaml") + ": gateway.sealKeystore and gateway.sealCertificate are missing; "
            + "a running gateway signs evidences with its own seal (mlagw pki init makes gateways/ID/seal.p12)"));
    char[] password = config.keystorePassword().resolve(environment);
    try {
      Credential c = KeyStoreFiles.readCredential(keystore, password);
      X509Certificate configured = KeyStoreFiles.readCertificate(config.gatewaySealCertificate().orElseThrow());
      if (!c.certificate().getPublicKey().equals(configured.getPublicKey())) {
        throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, keystore + " does not hold the key of "
            + "gateway.sealCertificate; point both settings at the same seal");
      }
      return c;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * The gateway's TLS key and chain (gateway.tlsKeystore), for the peer server and client.
   *
   * @throws GatewayException CONFIG_INVALID when not configured, KEYSTORE_UNREADABLE when it cannot
   *     be opened, KEY_USAGE when its certificate is not a TLS certificate ({@link TrustPolicy#checkTlsUsage})
   */
  public Credential tlsCredential() throws GatewayException {
    Path keystore = config.tlsKeystore().orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        config.directory().resolve("gateway.yaml") + ": gateway.tlsKeystore is missing; talking to peer gateways "
            + "needs this gateway's TLS keystore (mlagw pki init makes gateways/ID/tls.p12)"));
    char[] password = config.keystorePassword().resolve(environment);
    try {
      Credential tls = KeyStoreFiles.readCredential(keystore, password);
      TrustPolicy.checkTlsUsage(tls.certificate());
      return tls;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  public Credential sealCredential(String id) throws GatewayException {
    ParticipantConfig p = participant(id);
    return open(p.sealKeystore(), p, "sealKeystore", "seal");
  }

  public Credential encryptionCredential(String id) throws GatewayException {
    ParticipantConfig p = participant(id);
    return open(p.encryptionKeystore(), p, "encryptionKeystore", "open packages for");
  }

  private Credential open(Optional<Path> keystore, ParticipantConfig p, String key, String action)
      throws GatewayException {
    if (keystore.isEmpty()) {
      throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, "participant '" + p.id() + "' has no " + key
          + " in participants.yaml, so this gateway cannot " + action + " it; add the keystore if the participant "
          + "is hosted here");
    }
    Credential cached = opened.get(keystore.get());
    if (cached != null) {
      return cached;
    }
    char[] password = config.keystorePassword().resolve(environment);
    try {
      Credential credential = KeyStoreFiles.readCredential(keystore.get(), password);
      opened.put(keystore.get(), credential);
      return credential;
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
