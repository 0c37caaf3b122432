package eu.mlagw.routing;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import eu.mlagw.transport.PeerClient;
import eu.mlagw.transport.PeerServer;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;

/**
 * One gateway node: the beans the routes call, bound by name, and the Camel routes read from
 * {@code routes/*.camel.yaml} on the file system, so IT staff can read and change the flow without
 * Java. {@link #start()} returns once the routes run; {@link #close()} stops them.
 */
public final class GatewayNode implements AutoCloseable {
  /**
   * How long a stop waits for exchanges in flight (a transfer under way, a retry waiting for its next
   * attempt) before Camel abandons them. An abandoned exchange stays in the outbox or in .work/ and
   * is resumed at the next start ({@link NodeStop}); the bound keeps a stop with work in flight well
   * under 30 s (Camel's own default is 45 s, plus 15 s of its hang-up hook).
   */
  static final int IN_FLIGHT_GRACE_SECONDS = 10;
  private final Main main = new Main();
  private final NodeStop stop = new NodeStop();
  private boolean closed; // guarded by this
  private volatile eu.mlagw.audit.VerifiedCheckpoint finalCheckpoint;
  private final SubmissionClaimer claimer;
  private final DropFolders folders;
  private final GatewayConfig config;
  private final Directory directory;
  private final GatewayKeys keys;
  private PeerServer peerServer;
  private final RecipientSystems recipientSystems;
  private final ExchangeAudit audit;
  private final EvidenceReception evidenceReception;
  private final Path routesDir;
  private eu.mlagw.audit.hazelcast.GatewayCluster cluster;
  private eu.mlagw.audit.AuditLog auditLog;
  private eu.mlagw.transport.AuditApiServer auditApi;
  private eu.mlagw.console.ConsoleServer console;
  private final PeerClient peerClient;

  private final Clock clock;
  private final List<String> hosted;
  private final DeferredClaims claims;
  private final PendingExchanges pending;
  private final ExchangeLifecycle lifecycle;
  private RunningNodes running;
  private final NodeOperations operations;

  /** Binds a bean the routes call; only the names {@link RouteFiles#BEANS} lists. */
  /** Camel's own default pool size, the most exchanges a node runs side by side when the heap allows. */
  static final int CAMEL_DEFAULT_POOL = 10;

  private void bind(String name, Object bean) {
    if (!RouteFiles.BEANS.contains(name)) {
      throw new IllegalStateException("bean " + name + " is not listed in RouteFiles.BEANS");
    }
    main.bind(name, bean);
  }

  /**
   * The claims of this node: cluster-wide once the cluster is joined (in {@link #start()}), so the
   * nodes of one gateway sharing a drop root claim each submission once.
   */
  private static final class DeferredClaims implements ExchangeClaims {
    private volatile ExchangeClaims delegate = new LocalExchangeClaims();

    @Override
    public boolean tryClaim(Path source) {
      return delegate.tryClaim(source);
    }

    @Override
    public void release(Path source) {
      delegate.release(source);
    }

    @Override
    public boolean isClaimedElsewhere(Path source) {
      return delegate.isClaimedElsewhere(source);
    }

    @Override
    public boolean own(String exchangeId) {
      return delegate.own(exchangeId);
    }

    @Override
    public void disown(String exchangeId) {
      delegate.disown(exchangeId);
    }
  }

  /**
   * A node of the gateway {@code config} describes, its keystore password resolved from {@code
   * environment}; builds the {@link Directory} and the {@link GatewayKeys} once and hands them to the beans.
   */
  public GatewayNode(GatewayConfig config, java.util.Map<String, String> environment, Path routesDir, Clock clock)
      throws GatewayException {
    this.clock = clock;
    this.config = config;
    this.directory = Directory.of(config);
    this.keys = new GatewayKeys(config, directory, environment);
    Path root = config.dropFolderRoot().orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        config.directory().resolve("gateway.yaml") + ": dropFolders.root is missing; a running gateway "
            + "needs the folder under which each hosted participant gets outbox/, sent/, failed/ and inbox/"));
    if (!Files.isDirectory(routesDir)) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "the routes folder " + routesDir + " does not exist; "
          + "pass --routes DIR pointing at the folder with the *.camel.yaml files");
    }
    RouteFiles.requireValid(routesDir); // what mlagw config check reports: every file parses, no route missing
    this.folders = new DropFolders(root);
    this.routesDir = routesDir;
    // every bean writes to the audit log this node opens in start()
    this.audit = new ExchangeAudit(new eu.mlagw.audit.AuditTrail() {
      @Override
      public eu.mlagw.audit.AuditEvent append(eu.mlagw.audit.AuditRecord record) {
        return openLog().append(record);
      }

      @Override
      public List<eu.mlagw.audit.AuditEvent> appendAll(List<eu.mlagw.audit.AuditRecord> records) {
        return openLog().appendAll(records); // one batch: the events of one state change
      }
    }, () -> auditLog == null ? null : auditLog.store());
    this.hosted = directory.hostedHere();
    // evidences and receipts: timestamped and with validation data when gateway.yaml has timestamping:
    DetachedSigner gatewaySeal = keys.signer(keys.gatewaySeal());
    EvidenceIssuer evidences = new EvidenceIssuer(directory.gatewayId(), gatewaySeal, clock);
    eu.mlagw.metadata.Mappings mappings = loadMappings(config);
    RecipientRendering rendering = new RecipientRendering(directory, mappings);
    this.claims = new DeferredClaims();
    this.pending = new PendingExchanges(folders, claims, clock);
    this.lifecycle = new ExchangeLifecycle(folders, evidences, audit, new SenderReceipts(directory, mappings, gatewaySeal,
        eu.mlagw.evidence.EvidenceVerifier.forGateway(keys)),
        config.retry(), pending, clock);
    lifecycle.stoppingWhen(stop::stopping);
    // health, metrics, alerts (gateway.yaml admin:, alerts:)
    this.operations = new NodeOperations(config, directory, keys, environment, clock);
    lifecycle.observeTransitions(operations.monitoring().exchanges());
    this.claimer = new SubmissionClaimer(hosted, lifecycle, claims);
    this.peerClient = directory.peers().isEmpty() ? null : PeerClient.builder()
        .tlsCredential(keys.tlsCredential()).trustedRoots(keys.trustPolicy().anchors()).build();
    this.recipientSystems = new RecipientSystems(directory, keys, rendering, folders, clock);
    this.evidenceReception = new EvidenceReception(directory, keys, lifecycle, clock);
    // the beans the routes call, by the names in RouteFiles.BEANS
    bind("submissionClaimer", claimer);
    bind("pendingExchanges", pending);
    bind("exchangeLifecycle", lifecycle);
    bind("exchangePolicy", new ExchangePolicy(directory, lifecycle));
    bind("submissionSealer", new SubmissionSealer(config, directory, keys, mappings, lifecycle, clock));
    bind("peerSender", new PeerSender(directory, keys, peerClient, lifecycle, clock));
    bind("reception", new Reception(directory, keys, rendering, lifecycle, clock));
    bind("recipientSystems", recipientSystems);
    bind("retrievalRecorder", new RetrievalRecorder(lifecycle, evidences, clock, hosted, directory, keys, peerClient));
    bind("fatalErrors", FatalErrors.forProcess()); // the route error policy halts on a VirtualMachineError
    main.addInitialProperty("mlagw.retry.firstDelayMillis", Long.toString(config.retry().firstDelay().toMillis()));
    main.addInitialProperty("mlagw.retry.maxDelayMillis", Long.toString(config.retry().maxDelay().toMillis()));
    main.addInitialProperty("mlagw.pollMillis", Integer.toString(config.pollMillis()));
    // the routes' parallel splits (intake, retries) run on Camel's default pool: sized by the heap,
    // like the listener, so a burst dropped into the outboxes cannot hold more exchanges in memory at
    // once than fit (an exchange delivered to a local recipient is opened and rendered here too)
    int exchangeThreads = eu.mlagw.memory.HeapBudget.forTransfers().cap(CAMEL_DEFAULT_POOL);
    main.addInitialProperty("camel.threadpool.poolSize", Integer.toString(exchangeThreads));
    main.addInitialProperty("camel.threadpool.maxPoolSize", Integer.toString(exchangeThreads));
    // the real path: Camel matches no file in a folder reached through a symbolic link (the Debian
    // package's MLAGW_HOME/routes links to /etc/mlagw/routes), and would start without routes
    main.configure().withRoutesIncludePattern("file:" + realPath(routesDir) + "/*.camel.yaml");
    main.configure().withName("mlagw-" + directory.gatewayId());
    // No JVM shutdown hook per Camel context: Camel's default one (the "hang-up interceptor") only
    // waits for a stop that nobody starts when the routes run under main.start(), and forced its way
    // out after 1 minute per gateway. The command that runs the node stops it (close()), once.
    main.setShutdownStrategy(new SimpleMainShutdownStrategy());
    main.configure().withShutdownTimeout(IN_FLIGHT_GRACE_SECONDS);
    main.bind("nodeStop", stop);
    main.bind("mlagwRouteMetrics", operations.routePolicies()); // Camel's route metrics, found by type
  }

  /**
   * The metadata mappings (code lists, messages, profiles) of {@code config/mappings/}; a
   * configuration folder without one uses those shipped with the distribution
   * ({@code $MLAGW_HOME/config/mappings}).
   */
  static eu.mlagw.metadata.Mappings loadMappings(eu.mlagw.config.GatewayConfig config) throws GatewayException {
    eu.mlagw.metadata.Mappings.Source source = eu.mlagw.metadata.Mappings.sourceFor(config.directory(), System.getenv());
    if (source.shipped()) {
      org.slf4j.LoggerFactory.getLogger(GatewayNode.class).info("{} has no {}/; using the mappings shipped in {}",
          config.directory(), eu.mlagw.metadata.Mappings.FOLDER, source.configDir());
    }
    return eu.mlagw.metadata.Mappings.load(source.configDir());
  }

  /**
   * Joins (or forms) the gateway's cluster, opens the clustered audit store and the Merkle log over
   * it, starts the signed checkpoints, and records that this node loaded its configuration.
   */
  private void openAuditLog() throws GatewayException {
    for (String warning : keys.trustPolicy().algorithms().warnings()) {
      org.slf4j.LoggerFactory.getLogger(GatewayNode.class).warn("WARNING {}", warning);
    }
    cluster = eu.mlagw.audit.hazelcast.GatewayCluster.start(config);
    try {
      auditLog = new eu.mlagw.audit.AuditLog(eu.mlagw.audit.hazelcast.HazelcastAuditStore.open(cluster),
          eu.mlagw.audit.GatewayCheckpointKeys.signer(keys, directory.gatewayId()),
          eu.mlagw.audit.GatewayCheckpointKeys.verifier(keys, directory.gatewayId()), directory.gatewayId(), clock);
      eu.mlagw.audit.AuditStartupCheck.verifyOrRefuse(auditLog); // a tampered store: refuse to start
      auditLog.startCheckpoints(config.audit().checkpointInterval());
      if (config.auditApi().isPresent()) {
        eu.mlagw.config.AuditApiSettings api = config.auditApi().get();
        eu.mlagw.audit.CheckpointVerifier checkpoints = eu.mlagw.audit.GatewayCheckpointKeys.verifier(keys,
            directory.gatewayId());
        Path scratch = Files.createDirectories(folders.root().resolve(".audit-api"));
        auditApi = eu.mlagw.transport.AuditApiServer.builder().listen(api.host(), api.port())
            .tlsCredential(keys.tlsCredential()).trustPolicy(keys.trustPolicy()).clock(clock)
            .listenerSettings(config.listeners())
            .service(new eu.mlagw.audit.AuditorService(auditLog, new eu.mlagw.audit.AuditLogVerifier(checkpoints,
                directory.gatewayId()), checkpoints, keys.trustPolicy().crls(), scratch, clock)).start();
      }
      audit.gateway(eu.mlagw.audit.AuditEventType.CONFIG_LOADED, java.util.Map.of("config",
          config.directory().toString(), "routes", routesDir.toAbsolutePath().toString(), "node",
          cluster.nodeName(), "participantsHosted", Long.toString(hosted.size())));
    } catch (java.io.IOException e) {
      cluster.close();
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the audit API's scratch folder: " + e.getMessage(), e);
    } catch (GatewayException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The audit log of this node (open between {@link #start()} and {@link #close()}). */
  /** How many exchanges the routes' parallel steps run side by side (Camel's default pool, sized by the heap). */
  public int exchangeThreads() {
    return main.getCamelContext().getExecutorServiceManager().getDefaultThreadPoolProfile().getMaxPoolSize();
  }

  public eu.mlagw.audit.AuditLog auditLog() {
    return auditLog;
  }

  public DropFolders folders() {
    return folders;
  }

  private eu.mlagw.audit.AuditLog openLog() {
    eu.mlagw.audit.AuditLog log = auditLog;
    if (log == null) {
      throw new IllegalStateException("the audit log is not open (the node is not started)");
    }
    return log;
  }

  /** Creates the drop folders and starts the routes; returns when they run. */
  public void start() throws GatewayException {
    // a node lives long: get GCM/SHA-256 compiled to their intrinsics before the first packages
    eu.mlagw.crypto.CipherWarmUp.ensureWarm();
    openAuditLog();
    claims.delegate = new HazelcastExchangeClaims(cluster.hazelcast());
    try {
      claimer.createFolders();
      running = RunningNodes.hold(folders.root(), cluster.nodeName());
      // what a stopped or killed node left half-done is completed before anything new starts
      lifecycle.recover(hosted);
      pending.scan(hosted);
      cleanIncoming();
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
    if (config.listenPort() > 0) {
      // after the routes: every package the listener takes goes through receiveFromPeer
      try {
        startPeerListener();
      } catch (GatewayException | RuntimeException e) {
        main.stop();
        throw e;
      }
    }
    try {
      operations.start(main.getCamelContext(), cluster, auditLog, pending, stop);
      startConsole();
    } catch (GatewayException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The web console (gateway.yaml console:), if configured: after the routes and the monitoring it shows. */
  private void startConsole() throws GatewayException {
    java.util.Optional<eu.mlagw.config.ConsoleSettings> settings = operations.monitoring().settings().console();
    if (settings.isEmpty()) {
      return;
    }
    eu.mlagw.audit.CheckpointVerifier checkpoints = eu.mlagw.audit.GatewayCheckpointKeys.verifier(keys,
        directory.gatewayId());
    Path scratch;
    try {
      scratch = Files.createDirectories(folders.root().resolve(".console"));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the web console's scratch folder under "
          + folders.root() + ": " + e.getMessage() + "; check the permissions", e);
    }
    eu.mlagw.audit.AuditorService auditor = new eu.mlagw.audit.AuditorService(auditLog,
        new eu.mlagw.audit.AuditLogVerifier(checkpoints, directory.gatewayId()), checkpoints, keys.trustPolicy().crls(),
        scratch, clock);
    ConsoleDesk desk = new ConsoleDesk(folders, hosted, lifecycle, () -> {
      java.util.List<String> out = new java.util.ArrayList<>();
      if (cluster.hazelcast().getLifecycleService().isRunning()) {
        for (com.hazelcast.cluster.Member m : cluster.hazelcast().getCluster().getMembers()) {
          out.add(m.getAddress().getHost() + ":" + m.getAddress().getPort() + (m.localMember() ? " (this node, "
              + cluster.nodeName() + ")" : ""));
        }
      }
      return out;
    });
    console = eu.mlagw.console.ConsoleServer.start(settings.get(), new eu.mlagw.console.ConsoleServer.Parts(
        directory.gatewayId(), desk, operations.monitoring(), auditor,
        signedReports(scratch),
        keys.tlsCredential(), keys.trustPolicy(),
        loadMappings(config).messages(), clock));
  }

  /** The console's signed PDF reports: the audit report of pdf/, sealed with the gateway's seal. */
  private eu.mlagw.console.SignedReports signedReports(Path scratch) throws GatewayException {
    eu.mlagw.pdf.AuditReportWriter writer = new eu.mlagw.pdf.AuditReportWriter(
        keys.signer(keys.gatewaySeal()), scratch);
    return (filter, who, generated, checkpoint, events, out) -> writer.write(new eu.mlagw.pdf.AuditReportWriter.Header(
        directory.gatewayId(), filter, who.auditor(), who.purpose(), generated, checkpoint.checkpoint()),
        events::forEach, out);
  }

  /** The web console's address, when gateway.yaml configures one and the node runs. */
  public java.util.Optional<java.net.URI> consoleUrl() {
    return console == null ? java.util.Optional.empty() : java.util.Optional.of(console.url());
  }

  private void startPeerListener() throws GatewayException {
    java.util.Map<String, java.security.cert.X509Certificate> expected = new java.util.HashMap<>();
    for (eu.mlagw.config.GatewayConfig.PeerConfig peer : directory.peers()) {
      expected.put(peer.id(), eu.mlagw.crypto.KeyStoreFiles.readCertificate(peer.certificate()));
    }
    if (main.getCamelContext().getRoute("receiveFromPeer") == null) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "this gateway listens for peers (gateway.listen) but no "
          + "route has the id receiveFromPeer; restore routes/receive-from-peer.camel.yaml");
    }
    try {
      Path incoming = Files.createDirectories(incomingFolder());
      peerServer = PeerServer.builder().gatewayId(directory.gatewayId())
          .listen(config.listenHost(), config.listenPort()).tlsCredential(keys.tlsCredential())
          .trustedRoots(keys.trustPolicy().anchors()).expectedPeers(expected)
          .receiver(operations.countingBytes(new RoutedReception(main.getCamelContext().createProducerTemplate(),
              new HazelcastExchangeLocks(cluster.hazelcast()), lifecycle, directory.gatewayId(), stop)))
          .evidenceReceiver(evidenceReception).maxPackageSize(config.limits().maxPackageSize())
          .listenerSettings(config.listeners()).tempDirectory(incoming).start();
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the folder for incoming packages: "
          + e.getMessage(), e);
    }
  }

  /**
   * This node's folder for packages being received: its own, so that at start it can remove what it
   * left there (complete transfers a kill interrupted are sent again by their sender) without
   * touching the transfers of another node of the gateway sharing the root.
   */
  private Path incomingFolder() {
    return folders.root().resolve(".incoming").resolve(cluster.nodeName());
  }

  private void cleanIncoming() throws IOException {
    ReturnedFolder.deleteTree(incomingFolder());
    Path shared = folders.root().resolve(".incoming");
    if (Files.isDirectory(shared)) {
      try (var s = Files.newDirectoryStream(shared, f -> Files.isRegularFile(f))) {
        for (Path f : s) {
          Files.deleteIfExists(f); // transfers of versions that kept them all in one folder
        }
      }
    }
  }

  /** The URL peers use to reach this node, if it listens. */
  public java.util.Optional<java.net.URI> peerUrl() {
    return java.util.Optional.ofNullable(peerServer).map(PeerServer::url);
  }

  /** The base URL of this node's admin listener (health, metrics), if gateway.yaml configures one. */
  public java.util.Optional<java.net.URI> adminUrl() {
    return operations.adminUrl();
  }

  /** Whether this node is stopping: what failure handlers ask before they give an exchange up. */
  public NodeStop stop() {
    return stop;
  }

  /** The checkpoint signed when the node stopped; empty before {@link #close()} or if it could not be signed. */
  public java.util.Optional<eu.mlagw.audit.VerifiedCheckpoint> finalCheckpoint() {
    return java.util.Optional.ofNullable(finalCheckpoint);
  }

  /**
   * Stops the node; idempotent and safe to call from several threads (the first call does the work;
   * a concurrent one waits until it is done). Order: the node is marked stopping ({@link NodeStop}); the listeners
   * close, so no new package or audit request comes in; the routes stop, giving exchanges in flight
   * {@value #IN_FLIGHT_GRACE_SECONDS} s before they are abandoned to resume at the next start; then,
   * with nothing left writing, the final checkpoint is signed over the whole log, and only then the
   * audit store and the cluster member close.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop.request();
    if (peerServer != null) {
      peerServer.close();
    }
    if (auditApi != null) {
      auditApi.close();
    }
    if (console != null) {
      console.close();
    }
    main.stop();
    recipientSystems.close();
    if (auditLog != null) {
      try {
        finalCheckpoint = auditLog.checkpoint(); // the tail of the log is covered by a signed checkpoint at every stop
      } catch (GatewayException | RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(GatewayNode.class).error("no final audit checkpoint: {}", e.toString());
      }
      auditLog.close();
      auditLog.store().close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (peerClient != null) {
      peerClient.close();
    }
    if (running != null) {
      try {
        running.close();
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(GatewayNode.class).warn("cannot release the node's lock: {}", e.toString());
      }
    }
    operations.close(); // last: the admin listener answers "stopping" (503) until the node is down
  }

  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (java.io.IOException e) {
      return dir.toAbsolutePath(); // checked to exist above; Camel then names what it cannot read
    }
  }
}
