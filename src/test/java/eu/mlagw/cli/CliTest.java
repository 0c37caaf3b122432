package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as an operator uses it: pki init, a config pointing at it, seal, inspect, open, errors. */
class CliTest {
  @TempDir static Path home;
  static Path config;

  record Run(int code, String out, String err) {}

  static Run mlagw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void makePkiAndConfig() throws Exception {
    Run init = mlagw("pki", "init", "--out", home.resolve("pki").toString(), "--participants",
        "AL-PG-TIRANA,RS-HC-BELGRADE", "--gateways", "gw-al", "--key-algorithm", "ec");
    assertEquals(0, init.code(), init.err());
    for (String f : new String[] {"ca/root-ca.pem", "ca/issuing-ca.pem", "ca/root-ca.crl.pem", "ca/issuing-ca.crl.pem",
        "participants/AL-PG-TIRANA/seal.p12", "participants/RS-HC-BELGRADE/encryption.pem", "gateways/gw-al/tls.p12",
        "truststore.p12", "keystore-password.txt"}) {
      assertTrue(Files.exists(home.resolve("pki").resolve(f)), f);
    }
    config = Files.createDirectories(home.resolve("config"));
    writeConfig(config, "file: ../pki/keystore-password.txt");
  }

  static void writeConfig(Path dir, String passwordLine) throws Exception {
    // what mlagw run needs besides: the gateway's own seal and a drop-folder root (config check reports both)
    Files.writeString(dir.resolve("gateway.yaml"), "gateway:\n  id: gw-test\n"
        + "  sealKeystore: ../pki/gateways/gw-al/seal.p12\n  sealCertificate: ../pki/gateways/gw-al/seal.pem\n"
        + "dropFolders:\n  root: ../drop\ntrust:\n  anchors: [../pki/ca/root-ca.pem]\n"
        + "  intermediates: [../pki/ca/issuing-ca.pem]\n  crls: [../pki/ca/root-ca.crl.pem, ../pki/ca/issuing-ca.crl.pem]\n"
        + "keystorePassword:\n  env: MLAGW_TEST_UNSET_VARIABLE\n  " + passwordLine + "\n"
        // a cluster port of its own, not the default 5701: test JVMs run side by side
        + "cluster:\n  port: " + eu.mlagw.config.SamplePorts.free() + "\n");
    StringBuilder p = new StringBuilder("participants:\n");
    for (String id : new String[] {"AL-PG-TIRANA", "RS-HC-BELGRADE"}) {
      String d = "../pki/participants/" + id;
      p.append("  - id: ").append(id).append("\n    sealCertificate: ").append(d).append("/seal.pem\n")
          .append("    encryptionCertificate: ").append(d).append("/encryption.pem\n")
          .append("    sealKeystore: ").append(d).append("/seal.p12\n")
          .append("    encryptionKeystore: ").append(d).append("/encryption.p12\n");
    }
    Files.writeString(dir.resolve("participants.yaml"), p.toString());
  }

  @Test
  void sealInspectOpenRoundTrip() throws Exception {
    Path docs = Files.createDirectories(home.resolve("round/docs"));
    Files.writeString(docs.resolve("zahtev.txt"), "Замолница за међународну правну помоћ");
    Path p7m = home.resolve("round/package.p7m");
    Run seal = mlagw("package", "seal", "--config", config.toString(), "--from", docs.toString(), "--sender",
        "AL-PG-TIRANA", "--to", "RS-HC-BELGRADE", "--out", p7m.toString());
    assertEquals(0, seal.code(), seal.err());
    assertTrue(seal.out().contains("1 envelope segment"), seal.out());

    Run inspect = mlagw("package", "inspect", p7m.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("AES-256-GCM"), inspect.out());
    assertTrue(inspect.out().contains("ECDH key agreement"), inspect.out());

    Path out = home.resolve("round/opened");
    Run open = mlagw("package", "open", p7m.toString(), "--config", config.toString(), "--as", "RS-HC-BELGRADE",
        "--out", out.toString());
    assertEquals(0, open.code(), open.err());
    assertTrue(open.out().startsWith("VERIFIED"), open.out());
    assertArrayEquals(Files.readAllBytes(docs.resolve("zahtev.txt")), Files.readAllBytes(out.resolve("documents/zahtev.txt")));
    String report = Files.readString(out.resolve("verification-report.txt"));
    assertTrue(report.contains("Result: VERIFIED") && report.contains("documents/zahtev.txt"), report);
    assertTrue(Files.readString(out.resolve("verification-report.json")).contains("\"result\" : \"VERIFIED\""));
    assertTrue(Files.exists(out.resolve("metadata.xml")));

    Run again = mlagw("package", "open", p7m.toString(), "--config", config.toString(), "--as", "RS-HC-BELGRADE",
        "--out", out.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().startsWith("ERROR OUTPUT_EXISTS:"), again.err());

    Run wrong = mlagw("package", "open", p7m.toString(), "--config", config.toString(), "--as", "AL-PG-TIRANA",
        "--out", home.resolve("round/wrong").toString());
    assertEquals(1, wrong.code());
    assertTrue(wrong.err().startsWith("ERROR NOT_FOR_THIS_RECIPIENT:"), wrong.err());
    assertFalse(Files.exists(home.resolve("round/wrong")));
  }

  @Test
  void unknownRecipientNamesTheKnownOnes() throws Exception {
    Path docs = Files.createDirectories(home.resolve("unknown/docs"));
    Files.writeString(docs.resolve("a.txt"), "a");
    Run r = mlagw("package", "seal", "--config", config.toString(), "--from", docs.toString(), "--sender", "AL-PG-TIRANA",
        "--to", "XX-NOBODY", "--out", home.resolve("unknown/p.p7m").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("PARTICIPANT_UNKNOWN") && r.err().contains("RS-HC-BELGRADE"), r.err());
  }

  @Test
  void passwordInYamlIsRefused() throws Exception {
    Path bad = Files.createDirectories(home.resolve("bad-config"));
    writeConfig(bad, "password: hunter2");
    Run r = mlagw("package", "inspect", "--help");
    assertEquals(0, r.code());
    Path docs = Files.createDirectories(home.resolve("bad/docs"));
    Files.writeString(docs.resolve("a.txt"), "a");
    Run seal = mlagw("package", "seal", "--config", bad.toString(), "--from", docs.toString(), "--sender",
        "AL-PG-TIRANA", "--to", "RS-HC-BELGRADE", "--out", home.resolve("bad/p.p7m").toString());
    assertEquals(1, seal.code());
    assertTrue(seal.err().startsWith("ERROR CONFIG_INVALID:") && seal.err().contains("keystorePassword.password")
        && seal.err().contains("never go into YAML"), seal.err());
    assertFalse(seal.err().contains("hunter2"), "a secret must never be echoed");
  }

  @Test
  void wrongKeystorePasswordIsExplained() throws Exception {
    Path cfg = Files.createDirectories(home.resolve("wrong-pw"));
    Files.writeString(home.resolve("wrong-password.txt"), "not-the-password\n");
    writeConfig(cfg, "file: ../wrong-password.txt");
    Path docs = Files.createDirectories(home.resolve("wrongpw/docs"));
    Files.writeString(docs.resolve("a.txt"), "a");
    Run seal = mlagw("package", "seal", "--config", cfg.toString(), "--from", docs.toString(), "--sender",
        "AL-PG-TIRANA", "--to", "RS-HC-BELGRADE", "--out", home.resolve("wrongpw/p.p7m").toString());
    assertEquals(1, seal.code());
    assertTrue(seal.err().startsWith("ERROR KEYSTORE_UNREADABLE:") && seal.err().contains("password is wrong"), seal.err());
    assertFalse(seal.err().contains("not-the-password"));
  }

  @Test
  void missingConfigFolderSaysWhatToPass() {
    Run r = mlagw("package", "open", "x.p7m", "--config", home.resolve("nowhere").toString(), "--as", "A", "--out", "o");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("CONFIG_INVALID") && r.err().contains("--config"), r.err());
  }

  @Test
  void inspectOfANonPackageIsMalformed() throws Exception {
    Path f = Files.writeString(home.resolve("letter.txt"), "hello");
    Run r = mlagw("package", "inspect", f.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("ERROR MALFORMED:"), r.err());
  }

  @Test
  void demoRunsOnTheShippedSampleConfiguration() {
    Run r = mlagw("demo", "--once", "--certs", Path.of("certs-sample").toAbsolutePath().toString(), "--routes",
        Path.of("routes").toAbsolutePath().toString(), "--dir", home.resolve("demo").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("in the inbox of RS-HC-BELGRADE"), r.out());
    assertTrue(r.out().contains("evidence RelayAcceptance") && r.out().contains("evidence Delivery"), r.out());
    assertTrue(r.out().contains("refused: ENVELOPE_TAMPERED") && r.out().contains("Demo complete"), r.out());
    assertEquals(3, r.out().lines().filter(l -> l.matches(
        "\\s+health http://127\\.0\\.0\\.1:\\d+/health/ready {3}metrics http://127\\.0\\.0\\.1:\\d+/metrics")).count(),
        "each gateway's health and metrics URL: " + r.out());
    java.util.regex.Matcher console = java.util.regex.Pattern.compile("web console (https://127\\.0\\.0\\.1:\\d+/)\n"
        + "\\s+import (\\S+demo\\.operator\\.p12) \\(operator\\)").matcher(r.out());
    assertTrue(console.find(), "gw-al's console URL and the certificate to import: " + r.out());
    java.security.cert.X509Certificate operator = assertDoesNotThrow(() -> eu.mlagw.crypto.KeyStoreFiles.readCredential(
        Path.of(console.group(2)), Files.readString(Path.of("certs-sample/keystore-password.txt")).strip().toCharArray()))
        .certificate();
    assertTrue(eu.mlagw.crypto.CertificateRole.isOperator(operator), operator.toString());
  }

  @Test
  void configCheckPassesOnAFreshPki() {
    Run r = mlagw("config", "check", "--config", config.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("seal keystore opens and matches its certificate"), r.out());
    assertTrue(r.out().contains("0 error(s), 0 warning(s)"), r.out());
  }

  @Test
  void configCheckFindsRoutesThatDoNotParseOrCallUnknownBeans() throws Exception {
    Path routes = Files.createDirectories(home.resolve("routes-broken"));
    try (var files = Files.list(Path.of("routes"))) {
      for (Path f : files.toList()) {
        Files.copy(f, routes.resolve(f.getFileName()));
      }
    }
    Files.writeString(routes.resolve("zz-typo.camel.yaml"), "- route:\n    id: archiveCopy\n    from:\n      uri: \"direct:x\"\n"
        + "      steps:\n        - bean:\n            ref: archiveWriter\n            method: write\n");
    Files.writeString(routes.resolve("zz-broken.camel.yaml"), "- route:\n    id: [unclosed\n");
    Run r = mlagw("config", "check", "--config", config.toString(), "--routes", routes.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("does not parse: ") && r.out().contains("zz-broken.camel.yaml:2:"), r.out());
    assertTrue(r.out().contains("calls bean 'archiveWriter', which a gateway node does not provide"), r.out());
    Run shipped = mlagw("config", "check", "--config", config.toString(), "--routes", "routes");
    assertTrue(shipped.out().contains("every file parses, route ids unique, bean references known"), shipped.out());
  }

  @Test
  void configCheckWarnsAboutAPolicyEntryThatMatchesNobody() throws Exception {
    Path cfg = Files.createDirectories(home.resolve("policy"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    Files.writeString(cfg.resolve("participants.yaml"), Files.readString(cfg.resolve("participants.yaml"))
        .replaceFirst("(  - id: AL-PG-TIRANA\n)", "$1    maySendTo: [RS-HC-BELGARDE, XK-*]\n"));
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("AL-PG-TIRANA maySendTo lists 'RS-HC-BELGARDE', which matches no participant"), r.out());
    assertTrue(r.out().contains("lists 'XK-*'"), r.out());
  }

  @Test
  void configCheckFindsAKeystoreThatDoesNotMatchItsCertificate() throws Exception {
    Path cfg = Files.createDirectories(home.resolve("mismatch"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    String p = Files.readString(cfg.resolve("participants.yaml"));
    // the court's seal certificate paired with the prosecutor's seal keystore
    p = p.replace("sealCertificate: ../pki/participants/AL-PG-TIRANA/seal.pem",
        "sealCertificate: ../pki/participants/RS-HC-BELGRADE/seal.pem");
    Files.writeString(cfg.resolve("participants.yaml"), p);
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("does not match the configured certificate"), r.out());
    assertTrue(r.err().startsWith("ERROR CONFIG_INVALID:"), r.err());
  }

  @Test
  void configCheckWarnsAboutACertificateExpiringWithin30Days() throws Exception {
    char[] pw = Files.readString(home.resolve("pki/keystore-password.txt")).trim().toCharArray();
    eu.mlagw.crypto.CertificateAuthority issuing = eu.mlagw.crypto.CertificateAuthority.of(
        eu.mlagw.crypto.KeyStoreFiles.readCredential(home.resolve("pki/ca/issuing-ca.p12"), pw),
        new java.security.SecureRandom());
    java.time.Instant now = java.time.Instant.now();
    eu.mlagw.crypto.Credential soon = issuing.issue(eu.mlagw.crypto.CertificateRole.ENCRYPTION,
        "CN=RS-HC-BELGRADE encryption", eu.mlagw.crypto.KeyKind.EC_P256, now.minusSeconds(3600),
        now.plus(java.time.Duration.ofDays(10)), java.util.List.of());
    Path cfg = Files.createDirectories(home.resolve("expiring"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    Files.writeString(cfg.resolve("court-encryption.pem"), eu.mlagw.crypto.KeyStoreFiles.pem(soon.certificate()));
    String p = Files.readString(cfg.resolve("participants.yaml"))
        .replace("encryptionCertificate: ../pki/participants/RS-HC-BELGRADE/encryption.pem",
            "encryptionCertificate: court-encryption.pem")
        .replace("    encryptionKeystore: ../pki/participants/RS-HC-BELGRADE/encryption.p12\n", "");
    Files.writeString(cfg.resolve("participants.yaml"), p);
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(0, r.code(), "a warning is not an error: " + r.out() + r.err());
    assertTrue(r.out().contains("WARNING RS-HC-BELGRADE") && r.out().contains("within 30 days"), r.out());
  }

  @Test
  void configCheckReachTriesEveryPeer() throws Exception {
    Path cfg = Files.createDirectories(home.resolve("peers"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    try (java.net.ServerSocket up = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        java.net.ServerSocket down = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int downPort = down.getLocalPort();
      down.close();
      Files.writeString(cfg.resolve("gateway.yaml"), Files.readString(cfg.resolve("gateway.yaml"))
          + "peers:\n  - id: gw-up\n    url: https://127.0.0.1:" + up.getLocalPort() + "/mlagw/peer\n"
          + "    certificate: ../pki/gateways/gw-al/tls.pem\n"
          + "  - id: gw-down\n    url: https://127.0.0.1:" + downPort + "/mlagw/peer\n"
          + "    certificate: ../pki/gateways/gw-al/tls.pem\n");
      Run r = mlagw("config", "check", "--reach", "--config", cfg.toString());
      assertEquals(1, r.code(), r.out());
      assertTrue(r.out().contains("OK      gw-up") && r.out().contains("reachable"), r.out());
      assertTrue(r.out().contains("ERROR   gw-down") && r.out().contains("cannot be reached"), r.out());
    }
  }

  @Test
  void aPeerOverPlainHttpIsRefused() throws Exception {
    Path cfg = Files.createDirectories(home.resolve("http-peer"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    Files.writeString(cfg.resolve("gateway.yaml"), Files.readString(cfg.resolve("gateway.yaml"))
        + "peers:\n  - id: gw-rs\n    url: http://127.0.0.1:8080/mlagw/peer\n"
        + "    certificate: ../pki/gateways/gw-al/tls.pem\n");
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("peers[0].url") && r.err().contains("only over HTTPS"), r.err());
  }

  @Test
  void versionNamesTheReleaseTheCommitAndTheBuildTime() throws Exception {
    Run r = mlagw("--version");
    assertEquals(0, r.code(), r.err());
    String head = new String(new ProcessBuilder("git", "rev-parse", "HEAD").start().getInputStream().readAllBytes()).strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "mlagw (\\S+) \\(commit ([0-9a-f]{7,})( with local changes)?, built (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\\)")
        .matcher(r.out().lines().findFirst().orElse(""));
    assertTrue(m.matches(), r.out());
    assertTrue(m.group(1).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    assertTrue(head.startsWith(m.group(2)), "the commit of this checkout, " + head + ": " + r.out());
    assertTrue(r.out().lines().skip(1).findFirst().orElse("").startsWith("Java 17"), r.out());
    assertEquals(r.out(), mlagw("audit", "--version").out(), "every command group prints the same version");
  }

  @Test
  void configCheckSaysWhatTheAdminListenerAndTheAlertsWillDo() throws Exception {
    Run quiet = mlagw("config", "check", "--config", config.toString());
    assertTrue(quiet.out().contains("no admin listener (admin: not set in gateway.yaml)"), quiet.out());
    assertTrue(quiet.out().contains("not mailed (alerts.email not set): certificates and CRLs within 30 days"),
        quiet.out());
    Path cfg = Files.createDirectories(home.resolve("config-ops"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    Files.writeString(cfg.resolve("gateway.yaml"), Files.readString(cfg.resolve("gateway.yaml"))
        + "admin: {port: 9464}\nalerts:\n  email: it@mlagw.example\n  certificateDays: 45\n"
        + "  smtp: {host: mail.mlagw.example, user: alerts, passwordEnv: MLAGW_TEST_UNSET_SMTP_PASSWORD, "
        + "from: gw@mlagw.example}\n");
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("http://127.0.0.1:9464 serves /health/live, /health/ready and /metrics (loopback: plain HTTP)"),
        r.out());
    assertTrue(r.out().contains("mailed to it@mlagw.example through mail.mlagw.example:587 (STARTTLS), logged and counted: "
        + "certificates and CRLs within 45 days"), r.out());
    assertTrue(r.out().contains("WARNING alerts") && r.out().contains("the SMTP password cannot be read here"), r.out());
    assertTrue(r.out().contains("0 error(s), 1 warning(s)"), r.out());
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] cmd : new String[][] {{"--help"}, {"demo", "--help"}, {"package", "--help"}, {"package", "seal", "--help"},
        {"package", "open", "--help"}, {"package", "inspect", "--help"}, {"package", "split", "--help"},
        {"pki", "--help"}, {"pki", "init", "--help"}, {"config", "--help"}, {"config", "check", "--help"}}) {
      Run r = mlagw(cmd);
      assertEquals(0, r.code(), String.join(" ", cmd));
      assertTrue(r.out().contains("Usage:"), String.join(" ", cmd));
    }
    assertEquals(2, mlagw("package", "seal").code(), "missing options are a usage error");
  }

  @Test
  void aBareCommandGroupIsAUsageErrorThatNamesItsCommands() {
    for (String group : new String[] {"audit", "package", "pki", "evidence", "config", "form"}) {
      Run r = mlagw(group);
      assertEquals(2, r.code(), group);
      assertTrue(r.err().startsWith("'mlagw " + group + "' needs a command: one of "), r.err());
      assertTrue(r.err().contains("Usage: mlagw " + group), "its help follows: " + r.err());
      assertEquals("", r.out(), group);
    }
    Run root = mlagw();
    assertEquals(2, root.code());
    assertTrue(root.err().startsWith("'mlagw' needs a command: one of demo, run, status"), root.err());
  }

  @Test
  void theCommandListsShowWholeSentences() {
    String config = mlagw("config", "--help").out().replaceAll("\\s+", " ");
    assertTrue(config.contains("check Check a configuration and its key material: everything mlagw run checks at start, "
        + "and more."), config);
    String root = mlagw("--help").out();
    assertTrue(root.replaceAll("\\s+", " ").contains("demo Start three gateways on this machine, send a sample MLA request "
        + "from AL-PG-TIRANA to RS-HC-BELGRADE and show each step; then keep running so you can drop more (Ctrl-C stops)."),
        root);
    for (String[] cmd : new String[][] {{"--help"}, {"package", "--help"}, {"pki", "--help"}, {"form", "--help"},
        {"audit", "--help"}, {"evidence", "--help"}, {"config", "--help"}}) {
      // a row starts with two spaces and the command's name; its wrapped lines are indented further
      String commands = mlagw(cmd).out().split("Commands:", 2)[1].split("\\n\\S", 2)[0];
      List<String> rows = new ArrayList<>();
      for (String line : commands.split("\\n")) {
        if (line.matches("  [a-z].*")) {
          rows.add(line.strip());
        } else if (!line.isBlank() && !rows.isEmpty()) {
          rows.set(rows.size() - 1, rows.get(rows.size() - 1) + " " + line.strip());
        }
      }
      assertFalse(rows.isEmpty(), "a command list in " + String.join(" ", cmd));
      for (String summary : rows) {
        assertTrue(summary.endsWith(".") || summary.endsWith(")"), "a summary cut mid-sentence in "
            + String.join(" ", cmd) + ": " + summary);
      }
    }
  }

  private static char[] pkiPassword() throws Exception {
    return Files.readString(home.resolve("pki/keystore-password.txt")).trim().toCharArray();
  }

  /** A configuration of gateway gw-al with its evidence seal (or {@code sealDir}'s seal) configured. */
  private static Path gatewayConfig(String name, String sealDir) throws Exception {
    Path cfg = Files.createDirectories(home.resolve(name));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    Files.writeString(cfg.resolve("gateway.yaml"), Files.readString(cfg.resolve("gateway.yaml"))
        .replace("  id: gw-test\n", "  id: gw-al\n").replace("../pki/gateways/gw-al/seal.", "../pki/" + sealDir + "/seal."));
    return cfg;
  }

  @Test
  void evidenceVerifyRefusesADeliveryForgedWithAnOfficeSeal() throws Exception {
    Path cfg = gatewayConfig("evidence-issuer", "gateways/gw-al");
    eu.mlagw.crypto.Credential office = eu.mlagw.crypto.KeyStoreFiles.readCredential(
        home.resolve("pki/participants/AL-PG-TIRANA/seal.p12"), pkiPassword());
    eu.mlagw.crypto.Credential gateway = eu.mlagw.crypto.KeyStoreFiles.readCredential(
        home.resolve("pki/gateways/gw-al/seal.p12"), pkiPassword());
    Path forged = new eu.mlagw.evidence.EvidenceIssuer("gw-al", new eu.mlagw.crypto.DetachedSigner(office),
        java.time.Clock.systemUTC()).issue(cfg.resolve("forged"), eu.mlagw.evidence.EvidenceType.Delivery,
            "0190c0de-0000-7000-8000-000000000001", "AL-PG-TIRANA", "RS-HC-BELGRADE", null, null, "delivered");
    Run r = mlagw("evidence", "verify", "--config", cfg.toString(), forged.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().startsWith("ERROR EVIDENCE_ISSUER_INVALID:"), r.err());
    assertFalse(r.out().contains("VALID"), r.out());

    Path genuine = new eu.mlagw.evidence.EvidenceIssuer("gw-al", new eu.mlagw.crypto.DetachedSigner(gateway),
        java.time.Clock.systemUTC()).issue(cfg.resolve("genuine"), eu.mlagw.evidence.EvidenceType.Delivery,
            "0190c0de-0000-7000-8000-000000000001", "AL-PG-TIRANA", "RS-HC-BELGRADE", null, null, "delivered");
    Run ok = mlagw("evidence", "verify", "--config", cfg.toString(), genuine.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().startsWith("VALID") && ok.out().contains("certificates checked at")
        && ok.out().contains("now (the verifier's clock)"), ok.out());
  }

  @Test
  void evidenceVerifyPrintsTheRemEventReadsOldEvidencesAndRefusesAMalformedOne() throws Exception {
    Path cfg = gatewayConfig("evidence-formats", "gateways/gw-al");
    eu.mlagw.crypto.DetachedSigner gateway = new eu.mlagw.crypto.DetachedSigner(eu.mlagw.crypto.KeyStoreFiles
        .readCredential(home.resolve("pki/gateways/gw-al/seal.p12"), pkiPassword()));
    Path rem = new eu.mlagw.evidence.EvidenceIssuer("gw-al", gateway, java.time.Clock.systemUTC()).issue(
        cfg.resolve("rem"), eu.mlagw.evidence.EvidenceType.RelayRejection, "0190c0de-0000-7000-8000-000000000001",
        "AL-PG-TIRANA", "RS-HC-BELGRADE", null, "PEER_UNTRUSTED", "refused");
    Run r = mlagw("evidence", "verify", "--config", cfg.toString(), rem.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("  event http://uri.etsi.org/REM/Event#Rejection (ETSI TS 102 640-2 REM evidence "
        + "RelayREMMDAcceptanceRejection)\n") && r.out().contains(
        "  reason PEER_UNTRUSTED (http://uri.etsi.org/REM/EventReason#PolicyViolation)"), r.out());

    Path old = Files.write(cfg.resolve("old-Delivery.p7s"), eu.mlagw.evidence.LegacyEvidences.signed(gateway, "gw-al",
        eu.mlagw.evidence.EvidenceType.Delivery, "0190c0de-0000-7000-8000-000000000002", java.time.Instant.now(), null));
    Run o = mlagw("evidence", "verify", "--config", cfg.toString(), old.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("VALID") && o.out().contains("  event http://uri.etsi.org/REM/Event#Delivery "
        + "(old format urn:mlagw:evidence:1, issued before REM evidences)"), o.out());

    String xml = new String(Files.readAllBytes(rem), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(xml.contains("<EvidenceIdentifier>"), "the evidence XML is inside the CMS as it is");
    String start = "<?xml";
    String content = xml.substring(xml.indexOf(start), xml.indexOf("</RelayREMMDAcceptanceRejection>")
        + "</RelayREMMDAcceptanceRejection>\n".length());
    byte[] noIdentifier = content.replaceFirst("(?s)  <EvidenceIdentifier>.*?</EvidenceIdentifier>\n", "")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path malformed = Files.write(cfg.resolve("malformed.p7s"), gateway.signEncapsulating(noIdentifier,
        java.time.Instant.now()));
    Run m = mlagw("evidence", "verify", "--config", cfg.toString(), malformed.toString());
    assertEquals(1, m.code(), m.out());
    assertTrue(m.err().startsWith("ERROR MALFORMED: the REM evidence has no EvidenceIdentifier"), m.err());
  }

  @Test
  void configCheckRefusesAnRsa1024SealCertificate() throws Exception {
    eu.mlagw.crypto.CertificateAuthority issuing = eu.mlagw.crypto.CertificateAuthority.of(
        eu.mlagw.crypto.KeyStoreFiles.readCredential(home.resolve("pki/ca/issuing-ca.p12"), pkiPassword()),
        new java.security.SecureRandom());
    java.time.Instant now = java.time.Instant.now();
    eu.mlagw.crypto.Credential weak = eu.mlagw.crypto.WeakCrypto.seal(issuing, "CN=AL-PG-TIRANA seal",
        eu.mlagw.crypto.WeakCrypto.rsa(1024), now.minusSeconds(3600), now.plus(java.time.Duration.ofDays(300)));
    Path cfg = Files.createDirectories(home.resolve("rsa1024"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    Files.writeString(cfg.resolve("weak-seal.pem"), eu.mlagw.crypto.KeyStoreFiles.pem(weak.certificate()));
    Files.writeString(cfg.resolve("participants.yaml"), Files.readString(cfg.resolve("participants.yaml"))
        .replace("sealCertificate: ../pki/participants/AL-PG-TIRANA/seal.pem", "sealCertificate: weak-seal.pem")
        .replace("    sealKeystore: ../pki/participants/AL-PG-TIRANA/seal.p12\n", ""));
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("ERROR   AL-PG-TIRANA") && r.out().contains("ALGORITHM_REFUSED")
        && r.out().contains("got RSA 1024 bits"), r.out());
  }

  @Test
  void configCheckFlagsAGatewaySealWithoutTheGatewayKeyPurpose() throws Exception {
    Path cfg = gatewayConfig("gateway-seal-purpose", "participants/AL-PG-TIRANA");
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("ERROR   gw-al") && r.out().contains("lacks the gateway-seal key purpose")
        && r.out().contains("mlagw pki init"), r.out());
    Run good = mlagw("config", "check", "--config", gatewayConfig("gateway-seal-ok", "gateways/gw-al").toString());
    assertEquals(0, good.code(), good.out() + good.err());
  }

  @Test
  void configCheckWarnsWhenRsa2048IsAllowedForLegacyPartners() throws Exception {
    Path cfg = Files.createDirectories(home.resolve("legacy-rsa"));
    writeConfig(cfg, "file: ../pki/keystore-password.txt");
    Files.writeString(cfg.resolve("gateway.yaml"), Files.readString(cfg.resolve("gateway.yaml"))
        + "algorithms:\n  allowRsa2048: true\n");
    Run r = mlagw("config", "check", "--config", cfg.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("WARNING algorithms") && r.out().contains("allowRsa2048"), r.out());
  }
}
