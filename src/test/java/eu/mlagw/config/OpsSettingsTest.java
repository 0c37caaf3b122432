package eu.mlagw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin: and alerts: sections of gateway.yaml: defaults, values and every refusal, at load as at run. */
class OpsSettingsTest {
  @TempDir Path dir;

  @Test
  void withoutTheSectionsThereIsNoAdminListenerAndAlertsAreOnlyLogged() throws Exception {
    OpsSettings s = load("");
    assertEquals(Optional.empty(), s.admin());
    assertEquals(AlertSettings.DEFAULTS, s.alerts());
    assertEquals(List.of(), s.alerts().email());
    assertEquals(30, s.alerts().certificateDays());
  }

  @Test
  void everyKeyIsRead() throws Exception {
    Files.writeString(dir.resolve("smtp-password.txt"), "s3cret\n");
    OpsSettings s = load("admin: {port: 9464}\nalerts:\n  email: it@mlagw.example\n  smtp: {host: mail.example, "
        + "user: mlagw, passwordFile: smtp-password.txt, from: gw@mlagw.example}\n  certificateDays: 45\n"
        + "  peerUnreachableFor: 10m\n  checkpointIntervals: 5\n  deadlineWithin: 2h\n  checkEvery: 30s\n");
    assertEquals(new AdminSettings("127.0.0.1", 9464), s.admin().orElseThrow());
    AlertSettings a = s.alerts();
    assertEquals(List.of("it@mlagw.example"), a.email());
    SmtpSettings smtp = a.smtp().orElseThrow();
    assertEquals("mail.example", smtp.host());
    assertEquals(587, smtp.port(), "STARTTLS by default, on the submission port");
    assertTrue(smtp.starttls());
    assertEquals("s3cret", new String(smtp.password().orElseThrow().resolve(Map.of())));
    assertEquals("gw@mlagw.example", smtp.from());
    assertEquals(45, a.certificateDays());
    assertEquals(Duration.ofMinutes(10), a.peerUnreachableFor());
    assertEquals(5, a.checkpointIntervals());
    assertEquals(Duration.ofHours(2), a.deadlineWithin());
    assertEquals(Duration.ofSeconds(30), a.checkEvery());
    assertEquals(25, load("alerts: {email: [a@x.example, b@x.example], smtp: {host: localhost, starttls: false}}\n")
        .alerts().smtp().orElseThrow().port(), "without STARTTLS: port 25");
  }

  @Test
  void refusalsNameTheKeyAndTheFix() throws Exception {
    refused("admin: {port: 70000}\n", "admin.port is '70000'; give the TCP port");
    refused("admin: {host: 127.0.0.1}\n", "admin.port is ''");
    refused("admin: {prt: 9464}\n", "admin.prt is not a known setting; allowed here: host, port");
    refused("admin: {host: 0.0.0.0, port: 9464}\n", "admin.host is '0.0.0.0', not a loopback address, so the admin "
        + "listener serves HTTPS with gateway.tlsKeystore, which is missing");
    refused("alerts: {email: it@x.example}\n", "alerts.smtp is missing; alert e-mails to it@x.example need the SMTP "
        + "server");
    refused("alerts: {email: not-an-address, smtp: {host: h}}\n", "alerts.email is 'not-an-address'");
    refused("alerts: {smtp: {host: h, user: u}}\n", "alerts.smtp.passwordEnv is missing; the SMTP login u needs its "
        + "password from an environment variable");
    refused("alerts: {smtp: {host: h, user: u, password: hunter2}}\n", "alerts.smtp.password holds a secret, and "
        + "secrets never go into YAML");
    refused("alerts: {certificateDays: 0}\n", "alerts.certificateDays is '0'; write a whole number from 1 to 3650");
    refused("alerts: {checkEvery: often}\n", "alerts.checkEvery is 'often'; write a positive number and a unit");
    refused("alerts: {smtp: {host: h, starttls: yes please}}\n", "alerts.smtp.starttls is 'yes please'; write true");
  }

  @Test
  void theWebConsoleIsOffUnlessConfiguredAndRefusesWhatCannotWork() throws Exception {
    assertEquals(Optional.empty(), load("").console());
    // the sample gateway.yaml has no TLS keystore: the console (HTTPS only) cannot run there; ConsoleBrowserTest runs one
    refused("console: {listen: {port: 8445}}\n", "gateway.tlsKeystore is missing; the web console serves HTTPS");
    refused("console: {}\n", "console.listen is missing; give console: {listen: {host: 127.0.0.1, port: 8445}}");
    refused("console: {listen: {port: 99999}}\n", "console.listen.port is '99999'; give the TCP port");
    refused("console: {listen: {port: 8445, tls: yes}}\n", "console.listen.tls is not a known setting");
  }

  private void refused(String yaml, String expected) throws Exception {
    GatewayException e = assertThrows(GatewayException.class, () -> load(yaml), yaml);
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    assertTrue(e.getMessage().startsWith(dir.resolve("gateway.yaml").toString()), "names the file: " + e.getMessage());
  }

  /** Loads as {@code config check} and {@code run} do (ConfigLoader), then as the node reads the sections. */
  private OpsSettings load(String extra) throws Exception {
    String samples = Path.of("certs-sample").toAbsolutePath().normalize().toString();
    Files.writeString(dir.resolve("gateway.yaml"), Files.readString(Path.of("config/gateway.yaml"))
        .replace("../certs-sample", samples).replace("../demo/drop", "drop") + extra);
    Files.writeString(dir.resolve("participants.yaml"), Files.readString(Path.of("config/participants.yaml"))
        .replace("../certs-sample", samples));
    return OpsSettingsReader.load(new ConfigLoader().load(dir));
  }
}
