package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import eu.mlagw.ops.AlertChecker;
import eu.mlagw.testing.PrometheusText;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The alert checker of a real node, with short thresholds: certificates of the test PKI (leaves
 * valid 3 years, CAs 10) that expire within 2000 days, and a peer gateway that is never started,
 * alert once each — a WARN line, {@code mlagw_alerts_active}, and an e-mail received by a real SMTP
 * server (GreenMail) after an SMTP login whose password comes from the node's environment.
 */
class AlertsTest {
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String REMOTE = "RS-HC-BELGRADE";
  private static final String IT = "it@gw-al.example";
  @TempDir static Path pki;
  @TempDir Path home;
  private GreenMail smtp;
  private GatewayNode node;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger alertLog = (Logger) LoggerFactory.getLogger(AlertChecker.class);

  @BeforeAll
  static void makePki() {
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + REMOTE, "--gateways", "gw-al,gw-rs",
        "--key-algorithm", "ec"));
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
    alertLog.detachAppender(log);
  }

  @Test
  void expiringCertificatesAndAnUnreachablePeerAreLoggedCountedAndMailedOnce() throws Exception {
    int smtpPort = SamplePorts.free();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    smtp.setUser(IT, "mlagw", "s3cret-smtp");
    log.start();
    alertLog.addAppender(log);

    SampleGatewayConfig.Gateway al = new SampleGatewayConfig.Gateway("gw-al", SamplePorts.free(), List.of(SENDER));
    SampleGatewayConfig.Gateway rs = new SampleGatewayConfig.Gateway("gw-rs", SamplePorts.free(), List.of(REMOTE));
    Path config = SampleGatewayConfig.write(home.resolve("config"), pki, al, List.of(al, rs), "../drop", 50);
    Files.writeString(config.resolve("gateway.yaml"), "alerts:\n  email: " + IT + "\n  smtp: {host: 127.0.0.1, port: "
        + smtpPort + ", starttls: false, user: mlagw, passwordEnv: MLAGW_SMTP_PASSWORD, from: mlagw@gw-al.example}\n"
        + "  certificateDays: 2000\n  peerUnreachableFor: 1s\n  checkEvery: 200ms\n",
        java.nio.file.StandardOpenOption.APPEND);
    node = new GatewayNode(new ConfigLoader().load(config), Map.of("MLAGW_SMTP_PASSWORD", "s3cret-smtp"), Path.of("routes"),
        Clock.systemUTC());
    node.start();

    List<String> mails = new ArrayList<>();
    for (int i = 0; i < 100 && mails.stream().noneMatch(m -> m.contains("[peer_unreachable]")); i++) {
      Thread.sleep(100);
      mails = bodies();
    }
    Thread.sleep(1_000); // five more checks: nothing is reported again
    mails = bodies();
    List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();

    String seal = "the certificate 'gateway seal' (";
    assertEquals(1, warnings.stream().filter(w -> w.startsWith("ALERT certificate_expiry: " + seal)).count(),
        String.join("\n", warnings));
    assertEquals(1, warnings.stream().filter(w -> w.startsWith("ALERT peer_unreachable: peer gateway gw-rs at "))
        .count(), String.join("\n", warnings));
    assertTrue(warnings.stream().noneMatch(w -> w.contains("'trust anchor'")), "the root CA (10 years) is not due");
    assertTrue(warnings.stream().noneMatch(w -> w.contains("ALERT_MAIL_FAILED")), String.join("\n", warnings));

    assertEquals(1, mails.stream().filter(m -> m.contains("[certificate_expiry] " + seal)).count(), String.join("\n---\n", mails));
    assertEquals(1, mails.stream().filter(m -> m.contains("[peer_unreachable] peer gateway gw-rs")).count(),
        String.join("\n---\n", mails));
    MimeMessage first = smtp.getReceivedMessages()[0];
    assertEquals(IT, first.getAllRecipients()[0].toString());
    assertEquals("mlagw@gw-al.example", first.getFrom()[0].toString());
    assertTrue(first.getSubject().startsWith("[mlagw gw-al] "), first.getSubject());

    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.adminUrl().orElseThrow()
        .resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(PrometheusText.sum(metrics, "mlagw_alerts_active", Map.of("kind", "certificate_expiry")) >= 4,
        "gateway seal and TLS, the participants' seal and encryption certificates:\n" + metrics);
    assertEquals(1.0, PrometheusText.sum(metrics, "mlagw_alerts_active", Map.of("kind", "peer_unreachable")));
    assertEquals(0.0, PrometheusText.sum(metrics, "mlagw_alerts_active", Map.of("kind", "crl_next_update")));
    assertEquals(0.0, PrometheusText.sum(metrics, "mlagw_alerts_active", Map.of("kind", "exchange_deadline")));
    assertFalse(metrics.contains("s3cret"), "no secret in the metrics");
  }

  private List<String> bodies() {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      out.add(GreenMailUtil.getBody(m));
    }
    return out;
  }
}
