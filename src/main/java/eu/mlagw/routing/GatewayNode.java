package eu.mlagw.routing;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import eu.mlagw.transport.PeerClient;
import eu.mlagw.transport.PeerServer;
import org.apache.camel.main.Main;

/**
 * One gateway node: the beans the routes call, bound by name, and the Camel routes read from
 * {@code routes/*.camel.yaml} on the file system, so IT staff can read and change the flow without
 * Java. {@link #start()} returns once the routes run; {@link #close()} stops them.
 */
public final class GatewayNode implements AutoCloseable {
  private final Main main = new Main();
  private final SubmissionClaimer claimer;
  private final DropFolders folders;
  private final GatewayKeys keys;
  private PeerServer peerServer;
  private final RecipientSystems recipientSystems;
  private final ExchangeAudit audit;
  private final EvidenceReception evidenceReception;
  private final RelayRejections relayRejections;
  private final Path routesDir;
  private eu.mlagw.audit.hazelcast.GatewayCluster cluster;
  private eu.mlagw.audit.AuditLog auditLog;
  private eu.mlagw.transport.AuditApiServer auditApi;
  private final PeerClient peerClient;

  private final Clock clock;

  public GatewayNode(GatewayKeys keys, Path routesDir, Clock clock) throws GatewayException {
    this.clock = clock;
    Path root = keys.config().dropFolderRoot().orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        keys.config().directory().resolve("gateway.yaml") + ": dropFolders.root is missing; a running gateway "
            + "needs the folder under which each hosted participant gets outbox/, sent/, failed/ and inbox/"));
    if (!Files.isDirectory(routesDir)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "the routes folder " + routesDir + " does not exist; "
          + "pass --routes DIR pointing at the folder with the *.camel.yaml files");
    }
    List<String> hosted = new ArrayList<>();
    keys.config().participants().values().forEach(p -> {
      if (p.isHosted()) {
        hosted.add(p.id());
      }
    });
    this.folders = new DropFolders(root);
    this.routesDir = routesDir;
    // every bean writes to the audit log this node opens in start()
    this.audit = new ExchangeAudit(record -> {
      eu.mlagw.audit.AuditLog log = auditLog;
      if (log == null) {
        throw new IllegalStateException("the audit log is not open (the node is not started)");
      }
      return log.append(record);
    });
    this.claimer = new SubmissionClaimer(folders, hosted, clock, audit);
    main.bind("submissionClaimer", claimer);
    EvidenceIssuer evidences = new EvidenceIssuer(keys.config().gatewayId(), new DetachedSigner(keys.gatewaySeal()),
        clock);
    eu.mlagw.metadata.Mappings mappings = loadMappings(keys.config());
    RecipientRendering rendering = new RecipientRendering(keys, mappings);
    main.bind("submissionSealer", new SubmissionSealer(keys, mappings, evidences, audit, clock));
    SenderReceipts receipts = new SenderReceipts(keys, mappings);
    main.bind("inboxDelivery", new InboxDelivery(keys, rendering, receipts, folders, evidences, audit, clock));
    main.bind("failedSubmissions", new FailedSubmissions(folders, evidences, audit, clock));
    main.bind("fatalErrors", FatalErrors.forProcess()); // the route error policy halts on a VirtualMachineError
    this.keys = keys;
    ExchangePolicy policy = new ExchangePolicy(keys, audit);
    main.bind("peerReception", new PeerReception(keys, rendering, folders, evidences, audit, clock));
    this.recipientSystems = new RecipientSystems(keys, rendering, folders, clock);
    main.bind("recipientSystems", recipientSystems);
    this.peerClient = keys.config().peers().isEmpty() ? null : PeerClient.builder()
        .tlsCredential(keys.tlsCredential()).trustedRoots(keys.trustPolicy().anchors()).build();
    main.bind("peerSender", new PeerSender(keys, folders, evidences, peerClient, receipts, audit, clock));
    main.bind("exchangePolicy", policy);
    this.evidenceReception = new EvidenceReception(keys, folders, evidences, receipts, audit, clock);
    this.relayRejections = new RelayRejections(folders, evidences, keys.config().gatewayId());
    main.bind("retrievalRecorder", new RetrievalRecorder(folders, evidences, clock, audit, hosted, keys, peerClient));
    main.addInitialProperty("mlagw.retry.firstDelayMillis", Long.toString(keys.config().retry().firstDelay().toMillis()));
    main.addInitialProperty("mlagw.retry.maxDelayMillis", Long.toString(keys.config().retry().maxDelay().toMillis()));
    main.addInitialProperty("mlagw.pollMillis", Integer.toString(keys.config().pollMillis()));
    main.configure().withRoutesIncludePattern("file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
    main.configure().withName("mlagw-" + keys.config().gatewayId());
  }

  /**
   * The metadata mappings (code lists, messages, profiles) of {@code config/mappings/}; a
   * configuration folder without one uses those shipped with the distribution
   * ({@code $MLAGW_HOME/config/mappings}).
   */
  static eu.mlagw.metadata.Mappings loadMappings(eu.mlagw.config.GatewayConfig config) throws GatewayException {
    Path dir = config.directory();
    if (!Files.isDirectory(dir.resolve(eu.mlagw.metadata.Mappings.FOLDER))) {
      Path shipped = Path.of(System.getenv().getOrDefault("MLAGW_HOME", ".")).resolve("config");
      if (Files.isDirectory(shipped.resolve(eu.mlagw.metadata.Mappings.FOLDER))) {
        org.slf4j.LoggerFactory.getLogger(GatewayNode.class).info("{} has no {}/; using the mappings shipped in {}", dir,
            eu.mlagw.metadata.Mappings.FOLDER, shipped.toAbsolutePath().normalize());
        dir = shipped;
      }
    }
    return eu.mlagw.metadata.Mappings.load(dir);
  }

  /**
   * Joins (or forms) the gateway's cluster, opens the clustered audit store and the Merkle log over
   * it, starts the signed checkpoints, and records that this node loaded its configuration.
   */
  private void openAuditLog() throws GatewayException {
    for (String warning : keys.trustPolicy().algorithms().warnings()) {
      org.slf4j.LoggerFactory.getLogger(GatewayNode.class).warn("WARNING {}", warning);
    }
    cluster = eu.mlagw.audit.hazelcast.GatewayCluster.start(keys.config());
    try {
      java.util.List<java.security.cert.X509Certificate> seal = java.util.List.of(keys.gatewaySeal().certificate());
      auditLog = new eu.mlagw.audit.AuditLog(eu.mlagw.audit.hazelcast.HazelcastAuditStore.open(cluster),
          new eu.mlagw.audit.CheckpointSigner(new DetachedSigner(keys.gatewaySeal())),
          new eu.mlagw.audit.CheckpointVerifier(keys.trustPolicy(), seal), keys.config().gatewayId(), clock);
      eu.mlagw.audit.AuditStartupCheck.verifyOrRefuse(auditLog); // a tampered store: refuse to start
      auditLog.startCheckpoints(keys.config().audit().checkpointInterval());
      if (keys.config().auditApi().isPresent()) {
        eu.mlagw.config.AuditApiSettings api = keys.config().auditApi().get();
        eu.mlagw.audit.CheckpointVerifier checkpoints = new eu.mlagw.audit.CheckpointVerifier(keys.trustPolicy(), seal);
        Path scratch = Files.createDirectories(folders.root().resolve(".audit-api"));
        auditApi = eu.mlagw.transport.AuditApiServer.builder().listen(api.host(), api.port())
            .tlsCredential(keys.tlsCredential()).trustPolicy(keys.trustPolicy()).clock(clock)
            .listenerSettings(keys.config().listeners())
            .service(new eu.mlagw.audit.AuditorService(auditLog, new eu.mlagw.audit.AuditLogVerifier(checkpoints,
                keys.config().gatewayId()), checkpoints, keys.trustPolicy().crls(), scratch, clock)).start();
      }
      audit.gateway(eu.mlagw.audit.AuditEventType.CONFIG_LOADED, java.util.Map.of("config",
          keys.config().directory().toString(), "routes", routesDir.toAbsolutePath().toString(), "node",
          cluster.nodeName(), "participantsHosted", Long.toString(keys.config().participants().values().stream()
              .filter(eu.mlagw.config.ParticipantConfig::isHosted).count())));
    } catch (java.io.IOException e) {
      cluster.close();
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the audit API's scratch folder: " + e.getMessage(), e);
    } catch (GatewayException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The audit log of this node (open between {@link #start()} and {@link #close()}). */
  public eu.mlagw.audit.AuditLog auditLog() {
    return auditLog;
  }

  public DropFolders folders() {
    return folders;
  }

  /** Creates the drop folders and starts the routes; returns when they run. */
  public void start() throws GatewayException {
    // a node lives long: get GCM/SHA-256 compiled to their intrinsics before the first packages
    eu.mlagw.crypto.CipherWarmUp.ensureWarm();
    openAuditLog();
    try {
      claimer.createFolders();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the drop folders under " + folders.root()
          + ": " + e.getMessage() + "; check the path and permissions", e);
    }
    try {
      main.start();
    } catch (Exception e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "the routes cannot start: " + e.getMessage()
          + "; check the *.camel.yaml files", e);
    }
    if (keys.config().listenPort() > 0) {
      // after the routes: every package the listener takes goes through receiveFromPeer
      try {
        startPeerListener();
      } catch (GatewayException | RuntimeException e) {
        main.stop();
        throw e;
      }
    }
  }

  private void startPeerListener() throws GatewayException {
    java.util.Map<String, java.security.cert.X509Certificate> expected = new java.util.HashMap<>();
    for (eu.mlagw.config.GatewayConfig.PeerConfig peer : keys.config().peers()) {
      expected.put(peer.id(), eu.mlagw.crypto.KeyStoreFiles.readCertificate(peer.certificate()));
    }
    if (main.getCamelContext().getRoute("receiveFromPeer") == null) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "this gateway listens for peers (gateway.listen) but no "
          + "route has the id receiveFromPeer; restore routes/receive-from-peer.camel.yaml");
    }
    try {
      Path incoming = Files.createDirectories(folders.root().resolve(".incoming"));
      peerServer = PeerServer.builder().gatewayId(keys.config().gatewayId())
          .listen(keys.config().listenHost(), keys.config().listenPort()).tlsCredential(keys.tlsCredential())
          .trustedRoots(keys.trustPolicy().anchors()).expectedPeers(expected)
          .receiver(new RoutedReception(main.getCamelContext().createProducerTemplate(),
              new HazelcastExchangeLocks(cluster.hazelcast()), audit, relayRejections))
          .evidenceReceiver(evidenceReception).maxPackageSize(keys.config().limits().maxPackageSize())
          .listenerSettings(keys.config().listeners()).tempDirectory(incoming).start();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the folder for incoming packages: "
          + e.getMessage(), e);
    }
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C). */
  public void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "mlagw-shutdown"));
    Thread.currentThread().join();
  }

  /** The URL peers use to reach this node, if it listens. */
  public java.util.Optional<java.net.URI> peerUrl() {
    return java.util.Optional.ofNullable(peerServer).map(PeerServer::url);
  }

  @Override
  public void close() {
    if (auditApi != null) {
      auditApi.close();
    }
    main.stop();
    recipientSystems.close();
    if (auditLog != null) {
      try {
        auditLog.checkpoint(); // the tail of the log is covered by a signed checkpoint at every stop
      } catch (GatewayException | RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(GatewayNode.class).error("no final audit checkpoint: {}", e.toString());
      }
      auditLog.close();
      auditLog.store().close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (peerServer != null) {
      peerServer.close();
    }
    if (peerClient != null) {
      peerClient.close();
    }
  }
}
