package eu.mlagw.crypto;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.config.SecretSource;
import eu.mlagw.directory.Directory;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key material a configuration points at: trust policy, participants' certificates, and the
 * private keys of participants hosted here. Only key material: who the participants are and who
 * hosts them is the {@link Directory}'s, settings are the {@link GatewayConfig}'s — both are passed
 * to the classes that need them, not reached through this one. Keystores are opened on demand (a
 * command that only seals never needs the encryption keystores) and then kept, since a running
 * gateway needs them for every exchange; the keystore password is wiped after each use. Thread-safe.
 */
public final class GatewayKeys {
  private final Directory directory;
  private final Path gatewayFile;
  private final SecretSource keystorePassword;
  private final Optional<Path> gatewaySealKeystore;
  private final Optional<Path> gatewaySealCertificate;
  private final Optional<Path> tlsKeystore;
  private final Map<String, String> environment;
  private final TrustPolicy trust;
  private final SealAdditions sealAdditions;
  /** Opened keystores, by file: opening one costs tens of ms of PBKDF2, and an exchange needs two. */
  private final ConcurrentHashMap<Path, Credential> opened = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Path, X509Certificate> certificates = new ConcurrentHashMap<>();

  /**
   * The key material of {@code config}, whose participants and peers {@code directory} holds (built
   * from the same configuration); secrets resolved from {@code environment}.
   *
   * @throws GatewayException KEYSTORE_UNREADABLE if a trust anchor, intermediate or CRL file cannot be read
   */
  public GatewayKeys(GatewayConfig config, Directory directory, Map<String, String> environment)
      throws GatewayException {
    this.directory = directory;
    this.gatewayFile = config.directory().resolve("gateway.yaml");
    this.keystorePassword = config.keystorePassword();
    this.gatewaySealKeystore = config.gatewaySealKeystore();
    this.gatewaySealCertificate = config.gatewaySealCertificate();
    this.tlsKeystore = config.tlsKeystore();
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
    Optional<TimeStamper> timestamper = Optional.empty();
    Optional<eu.mlagw.config.TimestampingSettings> ts = eu.mlagw.config.TimestampingSettings.load(config);
    if (ts.isPresent()) {
      timestamper = Optional.of(new TimeStampClient(ts.get().url(),
          KeyStoreFiles.readCertificates(ts.get().trustAnchor()), ts.get().timeout()));
    }
    // the validation data every seal carries (B-LT): the anchors and intermediates complete the paths, the CRLs
    // of the CAs on them (filtered by issuer when a signature is made) let a verifier check revocation offline
    List<X509Certificate> validationCertificates = new ArrayList<>(anchors);
    validationCertificates.addAll(intermediates);
    this.sealAdditions = new SealAdditions(timestamper, validationCertificates, crls);
  }

  /**
   * A signer for {@code credential} (a participant's or this gateway's seal) that adds what gateway.yaml asks for:
   * the signature-time-stamp of {@code timestamping:} (signing then fails with TSA_UNAVAILABLE, retryable, rather
   * than seal without it) and the validation data (trust anchors, intermediates and CRLs on the paths).
   */
  public DetachedSigner signer(Credential credential) {
    return new DetachedSigner(credential, sealAdditions);
  }

  /** Where timestamps come from, empty when gateway.yaml has no {@code timestamping:}. */
  public Optional<String> timestampSource() {
    return sealAdditions.timestamper().map(TimeStamper::source);
  }

  /** As {@link #GatewayKeys(GatewayConfig, Directory, Map)}, with the directory of {@code config}. */
  public GatewayKeys(GatewayConfig config, Map<String, String> environment) throws GatewayException {
    this(config, Directory.of(config), environment);
  }

  public TrustPolicy trustPolicy() {
    return trust;
  }

  public X509Certificate encryptionCertificate(String id) throws GatewayException {
    Path file = directory.participant(id).encryptionCertificate();
    X509Certificate cached = certificates.get(file);
    if (cached == null) {
      cached = KeyStoreFiles.readCertificate(file);
      certificates.put(file, cached);
    }
    return cached;
  }

  /** Seal certificates registered for a participant, or empty if the id is unknown. */
  public Optional<List<X509Certificate>> sealCertificatesOf(String id) {
    Optional<ParticipantConfig> p = directory.find(id);
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
    Optional<Path> file = gatewayId.equals(directory.gatewayId()) ? gatewaySealCertificate
        : directory.peer(gatewayId).flatMap(GatewayConfig.PeerConfig::sealCertificate);
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
    Path keystore = gatewaySealKeystore.orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        gatewayFile + ": gateway.sealKeystore and gateway.sealCertificate are missing; "
            + "a running gateway signs evidences with its own seal (mlagw pki init makes gateways/ID/seal.p12)"));
    char[] password = keystorePassword.resolve(environment);
    try {
      Credential c = KeyStoreFiles.readCredential(keystore, password);
      X509Certificate configured = KeyStoreFiles.readCertificate(gatewaySealCertificate.orElseThrow());
      if (!c.certificate().getPublicKey().equals(configured.getPublicKey())) {
        throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, keystore + " does not hold the key of "
            + "gateway.sealCertificate; point both settings at the same seal");
      }
      return c;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The file of the gateway's note key: {@value #NOTE_KEYSTORE} beside gateway.sealKeystore. */
  public static final String NOTE_KEYSTORE = "note.p12";

  /**
   * The gateway's Ed25519 note key, named {@code name} (the checkpoint origin), from
   * {@value #NOTE_KEYSTORE} in the folder of gateway.sealKeystore, opened with the keystore password.
   *
   * @throws GatewayException CONFIG_INVALID without a seal keystore, KEYSTORE_UNREADABLE when the
   *     note keystore is missing, unreadable or not Ed25519
   */
  public NoteSigner gatewayNoteKey(String name) throws GatewayException {
    Path seal = gatewaySealKeystore.orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        gatewayFile + ": gateway.sealKeystore is missing; the gateway's note key " + NOTE_KEYSTORE
            + " is looked for beside it"));
    Path file = seal.resolveSibling(NOTE_KEYSTORE);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, file + " is missing: the gateway's Ed25519 note key "
          + "signs its audit checkpoints; make it with mlagw pki note-key --gateway ID --out " + seal.getParent()
          + " (mlagw pki init makes it for a new PKI)");
    }
    Credential c = opened.get(file);
    if (c == null) {
      char[] password = keystorePassword.resolve(environment);
      try {
        c = KeyStoreFiles.readCredential(file, password);
      } finally {
        Arrays.fill(password, '\0');
      }
      opened.put(file, c);
    }
    return NoteSigner.of(name, c);
  }

  /**
   * The gateway's TLS key and chain (gateway.tlsKeystore), for the peer server and client.
   *
   * @throws GatewayException CONFIG_INVALID when not configured, KEYSTORE_UNREADABLE when it cannot
   *     be opened, KEY_USAGE when its certificate is not a TLS certificate ({@link TrustPolicy#checkTlsUsage})
   */
  public Credential tlsCredential() throws GatewayException {
    Path keystore = tlsKeystore.orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        gatewayFile + ": gateway.tlsKeystore is missing; talking to peer gateways "
            + "needs this gateway's TLS keystore (mlagw pki init makes gateways/ID/tls.p12)"));
    char[] password = keystorePassword.resolve(environment);
    try {
      Credential tls = KeyStoreFiles.readCredential(keystore, password);
      TrustPolicy.checkTlsUsage(tls.certificate());
      return tls;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  public Credential sealCredential(String id) throws GatewayException {
    ParticipantConfig p = directory.participant(id);
    return open(p.sealKeystore(), p, "sealKeystore", "seal");
  }

  public Credential encryptionCredential(String id) throws GatewayException {
    ParticipantConfig p = directory.participant(id);
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
    char[] password = keystorePassword.resolve(environment);
    try {
      Credential credential = KeyStoreFiles.readCredential(keystore.get(), password);
      opened.put(keystore.get(), credential);
      return credential;
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
