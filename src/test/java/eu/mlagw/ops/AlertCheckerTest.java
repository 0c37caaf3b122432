package eu.mlagw.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.ListAuditStore;
import eu.mlagw.config.AlertSettings;
import eu.mlagw.config.SamplePorts;
import eu.mlagw.config.SmtpSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The alert checker's rules on a clock the test moves: thresholds, once-only reporting, clearing,
 * the checkpoint rule on an idle and a busy log, and e-mails that wait for the SMTP server.
 */
class AlertCheckerTest {
  private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
  private final MovableClock clock = new MovableClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger alertLog = (Logger) LoggerFactory.getLogger(AlertChecker.class);
  private GreenMail smtp;

  @BeforeEach
  void capture() {
    log.start();
    alertLog.addAppender(log);
    alertLog.setLevel(Level.INFO); // the cleared lines are INFO; the test logging configuration may hide them
  }

  @AfterEach
  void release() {
    alertLog.detachAppender(log);
    alertLog.setLevel(null);
    if (smtp != null) {
      smtp.stop();
    }
  }

  private static final class MovableClock extends Clock {
    private Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private AlertChecker checker(AlertSettings settings, ExpiringMaterial material, ExchangeMetrics exchanges,
      Optional<AuditLogState> audit, AlertMailer mailer) {
    return new AlertChecker(settings, material, new PeerReachability(List.of(), clock, registry), () -> audit,
        Duration.ofSeconds(60), exchanges, mailer, () -> true, "gw-test", clock, registry);
  }

  private List<String> lines(Level level) {
    return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
  }

  private double active(String kind) {
    return registry.get("mlagw.alerts.active").tag("kind", kind).gauge().value();
  }

  @Test
  void aCertificateAlertsOnceWhenItEntersTheWindowAndACrlHasItsOwnKind() {
    ExpiringMaterial material = ExpiringMaterial.of(List.of(
        new ExpiringMaterial.Item(ExpiringMaterial.Kind.CERTIFICATE, "gateway seal", Path.of("seal.pem"), "CN=gw-test",
            T0.plus(Duration.ofDays(40))),
        new ExpiringMaterial.Item(ExpiringMaterial.Kind.CRL, "CRL", Path.of("ca.crl.pem"), "CN=Issuing CA",
            T0.plus(Duration.ofDays(2)))));
    AlertChecker alerts = checker(AlertSettings.DEFAULTS, material, new ExchangeMetrics(registry, "gw-test"),
        Optional.empty(), null);
    alerts.check();
    assertEquals(0.0, active("certificate_expiry"), "40 days left, the window is 30");
    assertEquals(1.0, active("crl_next_update"));
    clock.advance(Duration.ofDays(11));
    alerts.check();
    alerts.check();
    assertEquals(1.0, active("certificate_expiry"));
    List<String> warnings = lines(Level.WARN);
    assertEquals(List.of(
        "ALERT crl_next_update: the CRL of CN=Issuing CA in ca.crl.pem is due for its next update on "
            + "2026-12-07T08:00:00Z, in 2 days; put the CA's new CRL there (revocation checks against this CA fail "
            + "closed after that date)",
        "ALERT certificate_expiry: the certificate 'gateway seal' (CN=gw-test) in seal.pem expires on "
            + "2027-01-14T08:00:00Z, in 29 days; renew it and point the configuration at the new one"), warnings);
  }

  @Test
  void anExchangeNearItsDeadlineAlertsUntilItIsDelivered() {
    ExchangeMetrics exchanges = new ExchangeMetrics(registry, "gw-test");
    AlertChecker alerts = checker(AlertSettings.DEFAULTS, ExpiringMaterial.of(List.of()), exchanges, Optional.empty(),
        null);
    String id = "01930f7a-0000-7000-8000-000000000001";
    exchanges.transitioned(new TransitionFacts(id, TransitionFacts.Side.SENDER, "SENDING",
        List.of("SEND_RETRY_SCHEDULED"), "PEER_UNREACHABLE", Map.of(), T0.plus(Duration.ofHours(3)), 100, T0));
    alerts.check();
    assertEquals(0.0, active("exchange_deadline"), "3 h left, the window is 1 h");
    clock.advance(Duration.ofHours(2).plusMinutes(30));
    alerts.check();
    assertEquals(1.0, active("exchange_deadline"));
    assertTrue(lines(Level.WARN).get(0).startsWith("ALERT exchange_deadline: exchange " + id + " is still being "
        + "retried (last failure PEER_UNREACHABLE) and gives up at 2026-12-05T11:00:00Z, in 30 min"), lines(Level.WARN)
        .toString());
    exchanges.transitioned(new TransitionFacts(id, TransitionFacts.Side.SENDER, "DELIVERED", List.of("PACKAGE_SENT"),
        null, Map.of("toGateway", "gw-rs"), null, 100, clock.instant()));
    alerts.check();
    assertEquals(0.0, active("exchange_deadline"));
    assertTrue(lines(Level.INFO).contains("alert cleared exchange_deadline: " + id), lines(Level.INFO).toString());
    assertEquals(1, lines(Level.WARN).size());
  }

  @Test
  void anOldCheckpointAlertsOnlyWhileEventsWaitForOne() {
    ListAuditStore store = new ListAuditStore("gw-test");
    AuditLogState audit = new AuditLogState(store, null, clock, registry); // no checkpoint: the verifier is not asked
    AlertChecker alerts = checker(AlertSettings.DEFAULTS, ExpiringMaterial.of(List.of()),
        new ExchangeMetrics(registry, "gw-test"), Optional.of(audit), null);
    clock.advance(Duration.ofMinutes(10));
    alerts.check();
    assertEquals(0.0, active("checkpoint_stale"), "an empty (idle) log needs no checkpoint");
    store.append(AuditRecord.of(AuditEventType.CONFIG_LOADED, null), clock.instant());
    alerts.check();
    assertEquals(1.0, active("checkpoint_stale"), "one event, and no checkpoint for 10 min > 3 x 60 s");
    assertEquals(List.of("ALERT checkpoint_stale: no audit checkpoint has been signed in 10 min while 1 event(s) "
        + "wait for one (limit: 3 x audit.checkpointIntervalSeconds); look for 'audit checkpoint failed' in the log "
        + "of the cluster's signing node"), lines(Level.WARN));
  }

  @Test
  void anAlertMailThatCannotBeSentIsLoggedOnceAndSentWhenTheServerIsBack() throws Exception {
    int port = SamplePorts.free();
    SmtpSettings settings = new SmtpSettings("127.0.0.1", port, false, Optional.empty(), Optional.empty(),
        "mlagw@gw-test.example");
    AlertMailer mailer = new AlertMailer(settings, List.of("it@gw-test.example"), Map.of());
    ExpiringMaterial material = ExpiringMaterial.of(List.of(new ExpiringMaterial.Item(ExpiringMaterial.Kind.CERTIFICATE,
        "gateway TLS", Path.of("tls.p12"), "CN=gw-test", T0.minus(Duration.ofDays(1)))));
    AlertChecker alerts = checker(AlertSettings.DEFAULTS, material, new ExchangeMetrics(registry, "gw-test"),
        Optional.empty(), mailer);
    alerts.check();
    alerts.check();
    alerts.check();
    List<String> failures = lines(Level.WARN).stream().filter(l -> l.startsWith("ALERT_MAIL_FAILED")).toList();
    assertEquals(1, failures.size(), lines(Level.WARN).toString());
    assertTrue(failures.get(0).contains("could not be sent through 127.0.0.1:" + port), failures.get(0));

    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    alerts.check();
    alerts.check();
    assertEquals(1, smtp.getReceivedMessages().length, "the waiting alert, once");
    String body = GreenMailUtil.getBody(smtp.getReceivedMessages()[0]);
    assertTrue(body.contains("[certificate_expiry] the certificate 'gateway TLS' (CN=gw-test) in tls.p12 expired on "
        + "2026-12-04T08:00:00Z; renew it"), body);
    assertTrue(lines(Level.INFO).contains("alert e-mails are sent again"));
  }

  @Test
  void aNodeThatIsNotTheOldestMailsOnlyWhatIsItsOwn() throws Exception {
    int port = SamplePorts.free();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    AlertMailer mailer = new AlertMailer(new SmtpSettings("127.0.0.1", port, false, Optional.empty(), Optional.empty(),
        "mlagw@gw-test.example"), List.of("it@gw-test.example"), Map.of());
    ExpiringMaterial material = ExpiringMaterial.of(List.of(new ExpiringMaterial.Item(ExpiringMaterial.Kind.CERTIFICATE,
        "gateway seal", Path.of("seal.pem"), "CN=gw-test", T0.plus(Duration.ofDays(3)))));
    // a peer whose port nobody listens on
    PeerReachability peers = new PeerReachability(List.of(new eu.mlagw.config.GatewayConfig.PeerConfig("gw-rs",
        java.net.URI.create("https://127.0.0.1:" + SamplePorts.free() + "/mlagw/peer"), Path.of("gw-rs.pem"))), clock,
        registry);
    AlertChecker alerts = new AlertChecker(AlertSettings.DEFAULTS, material, peers, Optional::empty,
        Duration.ofSeconds(60), new ExchangeMetrics(registry, "gw-test"), mailer, () -> false, "gw-test", clock, registry);
    peers.probe();
    clock.advance(Duration.ofMinutes(16));
    alerts.check();
    assertEquals(1.0, active("certificate_expiry"), "counted on every node");
    assertEquals(1.0, active("peer_unreachable"));
    assertEquals(2, lines(Level.WARN).size(), "logged on every node: " + lines(Level.WARN));
    assertEquals(1, smtp.getReceivedMessages().length);
    String body = GreenMailUtil.getBody(smtp.getReceivedMessages()[0]);
    assertTrue(body.contains("[peer_unreachable] peer gateway gw-rs") && !body.contains("certificate_expiry"), body);
  }
}
