package eu.mlagw.ops;

import eu.mlagw.audit.AuditStore;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.config.AdminSettings;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.OpsSettings;
import eu.mlagw.config.OpsSettingsReader;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Health, metrics and alerts of one gateway node: its own Prometheus registry (several nodes in one
 * JVM — the demo — keep theirs apart), the exchange metrics the lifecycle feeds, peer reachability,
 * the expiry of every configured certificate and CRL, the audit log's state, and the admin listener
 * that serves them ({@code admin:} in gateway.yaml). The node adds what only it knows (routes,
 * cluster, in-flight counts) with {@link #gauge} and {@link NodeHealth#require}. One timer thread
 * probes the peers and runs the {@link AlertChecker} every {@code alerts.checkEvery}. Lifecycle:
 * build, {@link #watchAudit}, {@link #start}, {@link #close}.
 */
public final class NodeMonitoring implements AutoCloseable {
  private final GatewayKeys keys;
  private final String gatewayId;
  private final OpsSettings settings;
  private final Clock clock;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ExchangeMetrics exchanges;
  private final PeerReachability peers;
  private final ExpiringMaterial material;
  private final NodeHealth health = new NodeHealth();
  private final AlertChecker alerts;
  private AuditLogState audit;
  private AdminServer admin;
  private java.util.concurrent.ScheduledExecutorService timer;
  private volatile java.util.function.BooleanSupplier mailsGatewayWide = () -> true;

  /**
   * @param environment where the SMTP password of {@code alerts.smtp.passwordEnv} is looked up
   */
  public NodeMonitoring(GatewayConfig config, Directory directory, GatewayKeys keys, Map<String, String> environment,
      Clock clock) throws GatewayException {
    this.keys = keys;
    this.clock = clock;
    this.gatewayId = directory.gatewayId();
    this.settings = OpsSettingsReader.load(config);
    registry.config().commonTags("gateway", gatewayId);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.exchanges = new ExchangeMetrics(registry, gatewayId);
    this.peers = new PeerReachability(directory.peers(), clock, registry);
    this.material = ExpiringMaterial.of(config, directory, keys);
    for (ExpiringMaterial.Item item : material.items()) {
      String name = item.kind() == ExpiringMaterial.Kind.CRL ? "mlagw.crl.next.update.days"
          : "mlagw.certificate.expiry.days";
      Gauge.builder(name, () -> item.daysLeftExact(clock.instant()))
          .description(item.kind() == ExpiringMaterial.Kind.CRL ? "Days until the CRL's next update is due (after "
              + "it, revocation checks of its CA fail)" : "Days until the certificate expires")
          .tag("use", item.use()).tag("file", item.file().toString()).tag("subject", item.subject()).register(registry);
    }
    health.require("keys", this::keysHealth).inform("peers", this::peersHealth);
    AlertMailer mailer = settings.alerts().email().isEmpty() ? null
        : new AlertMailer(settings.alerts().smtp().orElseThrow(), settings.alerts().email(), environment);
    this.alerts = new AlertChecker(settings.alerts(), material, peers, this::audit,
        config.audit().checkpointInterval(), exchanges, mailer, () -> mailsGatewayWide.getAsBoolean(),
        gatewayId, clock, registry);
  }

  public AlertChecker alerts() {
    return alerts;
  }

  /** The registry the node's own meters (routes, cluster) go into. */
  public MeterRegistry registry() {
    return registry;
  }

  public ExchangeMetrics exchanges() {
    return exchanges;
  }

  public PeerReachability peers() {
    return peers;
  }

  public ExpiringMaterial material() {
    return material;
  }

  public NodeHealth health() {
    return health;
  }

  public OpsSettings settings() {
    return settings;
  }

  /** A gauge of what only the node knows (e.g. {@code mlagw.cluster.members}). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /**
   * Whether this node is the one of its cluster that mails the alerts about the whole gateway
   * (default: yes, a single node).
   */
  public void mailsGatewayWideAlertsWhen(java.util.function.BooleanSupplier condition) {
    this.mailsGatewayWide = condition;
  }

  /** Watches the node's audit log (gauges and the {@code store} readiness check). */
  public void watchAudit(AuditStore store, CheckpointVerifier verifier) {
    this.audit = new AuditLogState(store, verifier, clock, registry);
    health.require("store", () -> HealthCheck.Result.up(audit.size() + " audit events"));
  }

  public Optional<AuditLogState> audit() {
    return Optional.ofNullable(audit);
  }

  /**
   * Probes the peers once, opens the admin listener (if configured), and starts the timer that
   * probes the peers again every {@code alerts.checkEvery}.
   */
  public void start() throws GatewayException {
    peers.probe();
    timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlagw-monitoring-" + gatewayId);
      t.setDaemon(true);
      return t;
    });
    long every = settings.alerts().checkEvery().toMillis();
    timer.scheduleWithFixedDelay(this::tick, 0, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    if (settings.admin().isPresent()) {
      AdminSettings a = settings.admin().get();
      javax.net.ssl.SSLContext tls = a.isLoopback() ? null
          : AdminTls.context(keys.tlsCredential(), keys.trustPolicy().anchors());
      admin = AdminServer.start(a, tls, health, registry::scrape);
    }
  }

  private void tick() {
    try {
      peers.probe();
      alerts.check();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(NodeMonitoring.class).warn("monitoring check failed: {}", e.toString());
    }
  }

  /** The admin listener's base URL, when it runs. */
  public Optional<URI> adminUrl() {
    return Optional.ofNullable(admin).map(AdminServer::url);
  }

  /** The Prometheus text of every meter now (what {@code /metrics} serves). */
  public String scrape() {
    return registry.scrape();
  }

  private HealthCheck.Result keysHealth() {
    Instant now = clock.instant();
    if (!material.unreadable().isEmpty()) {
      return HealthCheck.Result.down("unreadable: " + String.join("; ", material.unreadable()));
    }
    String expired = material.items().stream().filter(i -> i.use().startsWith("gateway ") && !i.expires().isAfter(now))
        .map(i -> i.use() + " " + i.subject() + " expired " + i.expires()).collect(Collectors.joining("; "));
    if (!expired.isEmpty()) {
      return HealthCheck.Result.down(expired + "; renew it (docs/it-staff.md, certificates)");
    }
    return HealthCheck.Result.up(material.first("gateway seal").map(i -> "gateway seal valid until " + i.expires())
        .orElse("no gateway seal configured"));
  }

  private HealthCheck.Result peersHealth() {
    var states = peers.states();
    String down = states.values().stream().filter(s -> !s.reachable())
        .map(s -> s.peer() + " unreachable for " + peers.unreachableFor(s.peer()).toSeconds() + " s (" + s.lastError() + ")")
        .collect(Collectors.joining("; "));
    if (!down.isEmpty()) {
      return HealthCheck.Result.down(down);
    }
    return HealthCheck.Result.up(states.isEmpty() ? "no peers configured" : states.size() + " reachable");
  }

  @Override
  public void close() {
    health.stopped();
    if (timer != null) {
      timer.shutdownNow();
    }
    if (admin != null) {
      admin.close();
    }
    registry.close();
  }
}
