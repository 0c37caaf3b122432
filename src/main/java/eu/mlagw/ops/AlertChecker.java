package eu.mlagw.ops;

import eu.mlagw.config.AlertSettings;
import eu.mlagw.error.GatewayException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks, on the monitoring timer, for what the IT staff must act on: a configured certificate or
 * CRL expiring within {@code alerts.certificateDays}, a peer unreachable for longer than {@code
 * alerts.peerUnreachableFor}, the newest audit checkpoint older than {@code
 * alerts.checkpointIntervals} intervals while events wait for one, an exchange being retried whose
 * delivery deadline is within {@code alerts.deadlineWithin}.
 *
 * <p>An alert is reported once when it appears — one WARN line, and one e-mail per check listing the
 * new ones (when {@code alerts.email} is set) — and once when it clears (an INFO line); while it
 * lasts it is counted in {@code mlagw_alerts_active{kind}}, not repeated. An e-mail that could not
 * be sent is tried again at the next check. In a cluster every node checks, logs and counts; the
 * alerts about the whole gateway (certificates, CRLs, the checkpoint) are mailed only by the node
 * {@code mailsGatewayWide} names (one e-mail per gateway, not per node); those about this node's
 * view (a peer it cannot reach, its exchanges) by each node. Not thread-safe: called by the one
 * timer thread.
 */
public final class AlertChecker {
  private static final Logger LOG = LoggerFactory.getLogger(AlertChecker.class);
  private final AlertSettings settings;
  private final ExpiringMaterial material;
  private final PeerReachability peers;
  private final Supplier<Optional<AuditLogState>> audit;
  private final Duration checkpointInterval;
  private final ExchangeMetrics exchanges;
  private final AlertMailer mailer;
  private final java.util.function.BooleanSupplier mailsGatewayWide;
  private final String gatewayId;
  private final Clock clock;
  private final Instant started;
  private volatile Map<String, Alert> active = Map.of();
  private final List<Alert> unsent = new ArrayList<>();
  private boolean mailFailing;

  public AlertChecker(AlertSettings settings, ExpiringMaterial material, PeerReachability peers,
      Supplier<Optional<AuditLogState>> audit, Duration checkpointInterval, ExchangeMetrics exchanges,
      AlertMailer mailer, java.util.function.BooleanSupplier mailsGatewayWide, String gatewayId, Clock clock,
      MeterRegistry registry) {
    this.settings = settings;
    this.material = material;
    this.peers = peers;
    this.audit = audit;
    this.checkpointInterval = checkpointInterval;
    this.exchanges = exchanges;
    this.mailer = mailer;
    this.mailsGatewayWide = mailsGatewayWide;
    this.gatewayId = gatewayId;
    this.clock = clock;
    this.started = clock.instant();
    for (Alert.Kind kind : Alert.Kind.values()) {
      Gauge.builder("mlagw.alerts.active", () -> active.values().stream().filter(a -> a.kind() == kind).count())
          .description("Alerts active now, by kind").tag("kind", kind.label()).register(registry);
    }
  }

  /** One look: reports the alerts that appeared and those that cleared, and sends what is due by e-mail. */
  public void check() {
    Map<String, Alert> now = new LinkedHashMap<>();
    find().forEach(a -> now.put(a.kind() + " " + a.key(), a));
    List<Alert> appeared = new ArrayList<>();
    for (Map.Entry<String, Alert> e : now.entrySet()) {
      if (!active.containsKey(e.getKey())) {
        appeared.add(e.getValue());
        LOG.warn("ALERT {}: {}", e.getValue().kind().label(), e.getValue().message());
      }
    }
    for (Map.Entry<String, Alert> e : active.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        LOG.info("alert cleared {}: {}", e.getValue().kind().label(), e.getValue().key());
      }
    }
    active = Map.copyOf(now);
    if (mailer != null) {
      boolean gatewayWide = mailsGatewayWide.getAsBoolean();
      appeared.stream().filter(a -> gatewayWide || !a.kind().isGatewayWide()).forEach(unsent::add);
      mail();
    }
  }

  private void mail() {
    if (unsent.isEmpty()) {
      return;
    }
    StringBuilder body = new StringBuilder("Gateway " + gatewayId + " raised " + unsent.size() + " alert(s) at "
        + clock.instant().truncatedTo(ChronoUnit.SECONDS) + ":\n\n");
    for (Alert a : unsent) {
      body.append("- [").append(a.kind().label()).append("] ").append(a.message()).append('\n');
    }
    body.append("\nEach alert is mailed once when it appears; mlagw_alerts_active on the node's /metrics shows those "
        + "still active. See docs/it-staff.md, \"Alerts\".\n");
    String subject = "[mlagw " + gatewayId + "] " + unsent.size() + " alert(s): " + unsent.get(0).message();
    try {
      mailer.send(subject.length() > 200 ? subject.substring(0, 197) + "..." : subject, body.toString());
      unsent.clear();
      if (mailFailing) {
        LOG.info("alert e-mails are sent again");
      }
      mailFailing = false;
    } catch (GatewayException e) {
      if (!mailFailing) {
        LOG.warn("{}: {}", e.reason(), e.getMessage());
      }
      mailFailing = true;
    }
  }

  /** The alerts active after the last check. */
  public List<Alert> active() {
    return List.copyOf(active.values());
  }

  private List<Alert> find() {
    Instant now = clock.instant();
    List<Alert> found = new ArrayList<>();
    for (ExpiringMaterial.Item item : material.items()) {
      if (item.expires().isBefore(now.plus(Duration.ofDays(settings.certificateDays())))) {
        found.add(expiry(item, now));
      }
    }
    for (PeerReachability.PeerState p : peers.states().values()) {
      Duration down = peers.unreachableFor(p.peer());
      if (down.compareTo(settings.peerUnreachableFor()) > 0) {
        found.add(new Alert(Alert.Kind.PEER_UNREACHABLE, p.peer(), "peer gateway " + p.peer() + " at " + p.url()
            + " has been unreachable for " + human(down) + " (" + p.lastError() + "); exchanges to it are retried until "
            + "their deadline: check the network and ask the peer's operator"));
      }
    }
    audit.get().ifPresent(a -> checkpoint(a, now).ifPresent(found::add));
    for (ExchangeMetrics.Retrying r : exchanges.retrying()) {
      Duration left = Duration.between(now, r.givesUpAt());
      if (left.compareTo(settings.deadlineWithin()) < 0) {
        found.add(new Alert(Alert.Kind.EXCHANGE_DEADLINE, r.exchangeId(), "exchange " + r.exchangeId() + " is still "
            + "being retried (last failure " + r.reason() + ") and gives up at " + r.givesUpAt().truncatedTo(
                ChronoUnit.SECONDS) + (left.isNegative() ? "" : ", in " + human(left)) + "; see mlagw status "
            + r.exchangeId() + " and check the recipient's gateway"));
      }
    }
    return found;
  }

  private Alert expiry(ExpiringMaterial.Item item, Instant now) {
    boolean crl = item.kind() == ExpiringMaterial.Kind.CRL;
    boolean past = !item.expires().isAfter(now);
    String what = crl ? "the CRL of " + item.subject() + " in " + item.file() + (past ? " was due for its next update on "
        : " is due for its next update on ") : "the certificate '" + item.use() + "' (" + item.subject() + ") in "
        + item.file() + (past ? " expired on " : " expires on ");
    String when = item.expires().truncatedTo(ChronoUnit.SECONDS) + (past ? "" : ", in " + item.daysLeft(now) + " days");
    String fix = crl ? "; put the CA's new CRL there (revocation checks against this CA fail closed after that date)"
        : "; renew it and point the configuration at the new one";
    return new Alert(crl ? Alert.Kind.CRL_NEXT_UPDATE : Alert.Kind.CERTIFICATE_EXPIRY,
        item.use() + " " + item.file() + " " + item.subject(), what + when + fix);
  }

  private Optional<Alert> checkpoint(AuditLogState a, Instant now) {
    long uncovered = a.uncovered();
    if (uncovered <= 0) {
      return Optional.empty(); // an idle log signs no new checkpoint, and needs none
    }
    Duration limit = checkpointInterval.multipliedBy(settings.checkpointIntervals());
    Optional<Duration> age = a.checkpointAge();
    Duration since = age.orElse(Duration.between(started, now));
    if (since.compareTo(limit) <= 0) {
      return Optional.empty();
    }
    return Optional.of(new Alert(Alert.Kind.CHECKPOINT_STALE, "audit", (age.isPresent() ? "the newest audit checkpoint is "
        + human(since) + " old" : "no audit checkpoint has been signed in " + human(since)) + " while " + uncovered
        + " event(s) wait for one (limit: " + settings.checkpointIntervals() + " x audit.checkpointIntervalSeconds); "
        + "look for 'audit checkpoint failed' in the log of the cluster's signing node"));
  }

  private static String human(Duration d) {
    if (d.toDays() >= 2) {
      return d.toDays() + " days";
    }
    if (d.toHours() >= 2) {
      return d.toHours() + " h";
    }
    if (d.toMinutes() >= 2) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }
}
