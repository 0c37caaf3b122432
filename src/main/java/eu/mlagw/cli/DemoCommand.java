package eu.mlagw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceVerifier;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.routing.GatewayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.transport.AgencyEndpointSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlagw demo}: three gateways in one JVM on loopback with the DEMO ONLY PKI — gw-al (Albanian
 * prosecution offices), gw-rs (Serbian court and prosecution office), gw-eu (an agency) — and a
 * sample MLA request sent from an Albanian prosecutor to the Serbian court through the drop folders,
 * step by step, ending with the documents in the court's inbox and the evidences verified.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start three gateways on this machine, send a sample MLA request from AL-PG-TIRANA to RS-HC-BELGRADE",
        "and show each step; then keep running so you can drop more (Ctrl-C stops). --once exits after the sample."})
final class DemoCommand implements Callable<Integer> {
  private static final List<String> SAMPLES = List.of("mla-request-AL-RS.pdf", "evidence-call-records.csv");
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String COURT = "RS-HC-BELGRADE";
  private static final String AGENCY = "EU-AGENCY";
  /** Known to every gateway: how each recipient wants its metadata (profile) and in which language. */
  private static final Map<String, String> PROFILES = Map.of(
      COURT, "    languages: [sr-Cyrl, en]\n    profile: court-json\n",
      "RS-PPO-BELGRADE", "    languages: [sr-Latn, en]\n",
      AGENCY, "    languages: [en]\n    profile: agency-xml\n");
  /** The sample request: Albanian free text, persons in Latin and Cyrillic script, coded values. */
  private static final String REQUEST = String.join("\n",
      "language: sq",
      "exchangeType: mla-request",
      "subject: Kërkesë për të dhëna telefonike (trafikim emigrantësh)",
      "caseReference: AL-2026-117",
      "legalBasis: ets-182",
      "issuingAuthority: Prokuroria e Përgjithshme, Tiranë",
      "executingAuthority: Viši sud u Beogradu",
      "urgency: urgent",
      "deadline: 2026-12-31",
      "offences: [migrant-smuggling]",
      "persons:",
      "  - {role: suspect, name: Xhevdet Shkëmbi, birthDate: 1980-05-17, nationality: AL}",
      "  - {role: witness, name: Ђорђе Јовановић, nationality: RS}",
      "measures: [telecom-data]",
      "handlingCodes: [no-onward-transmission]",
      "confidentiality: confidential",
      "documents:",
      "  - {file: mla-request-AL-RS.pdf, role: request-letter, language: sq}",
      "  - {file: evidence-call-records.csv, role: evidence, language: sq}",
      "");
  /** gateway id → participants it hosts. */
  private static final Map<String, List<String>> GATEWAYS = new LinkedHashMap<>();

  static {
    GATEWAYS.put("gw-al", List.of("AL-PG-TIRANA", "AL-PO-DURRES"));
    GATEWAYS.put("gw-rs", List.of("RS-HC-BELGRADE", "RS-PPO-BELGRADE"));
    GATEWAYS.put("gw-eu", List.of("EU-AGENCY"));
  }

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/demo",
      description = "Working folder (default: ${DEFAULT-VALUE}); each run gets a sub-folder.")
  Path dir;

  @Option(names = "--certs", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/certs-sample",
      description = "The DEMO ONLY PKI (default: ${DEFAULT-VALUE}).")
  Path certs;

  @Option(names = "--routes", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/routes",
      description = "The Camel routes (default: ${DEFAULT-VALUE}).")
  Path routes;

  @Option(names = "--once", description = "Exit after the sample exchange: 0 only if it was delivered and verified.")
  boolean once;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    // --once ends by itself; a demo that keeps running is stopped by Ctrl-C / SIGTERM, cleanly
    StopSignals signals = once ? null : StopSignals.install();
    Path work = dir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
        .toAbsolutePath();
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String gw : GATEWAYS.keySet()) {
      ports.put(gw, freePort());
    }
    o.println("MLA Gateway demo — three gateways on this machine, drop folders under " + work);
    Map<String, GatewayNode> nodes = new LinkedHashMap<>();
    Map<String, GatewayKeys> keys = new LinkedHashMap<>();
    AgencyEndpointSimulator agency = startAgency(work);
    // closed after the gateways, in finally: their final checkpoints are timestamped too
    eu.mlagw.crypto.TimeStampServer tsa = startTimeStampingAuthority();
    // what a stop closes, whatever ends the process: the gateways started so far, then the agency
    List<AutoCloseable> running = new java.util.concurrent.CopyOnWriteArrayList<>();
    running.add(ParallelClose.once(agency));
    if (!once) {
      StopSignals.closeOnExit(running);
    }
    o.printf("  agency endpoint (SOAP, simulator) for %s at %s, stores into %s%n", AGENCY, agency.url(),
        work.resolve("agency-endpoint"));
    o.printf("  time-stamping authority (RFC 3161, DEMO ONLY) at %s: every seal, evidence and checkpoint is "
        + "timestamped (CAdES-B-T)%n", tsa.url());
    try {
      for (String gw : GATEWAYS.keySet()) {
        Path config = writeConfig(work, gw, ports);
        eu.mlagw.config.GatewayConfig cfg = new ConfigLoader().load(config);
        GatewayNode node = new GatewayNode(cfg, System.getenv(), routes.toAbsolutePath(), Clock.systemUTC());
        node.start();
        nodes.put(gw, node);
        running.add(node);
        keys.put(gw, new GatewayKeys(cfg, System.getenv())); // the demo verifies evidences as each gateway would
        o.printf("  %-6s hosts %-32s https://127.0.0.1:%d/mlagw/peer   %s%n", gw, String.join(", ", GATEWAYS.get(gw)),
            ports.get(gw), work.resolve(gw).resolve("drop"));
        o.printf("         --config %s%n", config);
        node.adminUrl().ifPresent(u -> o.printf("         health %s/health/ready   metrics %s/metrics%n", u, u));
        if (node.consoleUrl().isPresent()) {
          printConsole(o, node.consoleUrl().get(), work);
        }
      }
      o.flush();
      boolean ok = sendSample(o, work, keys.get("gw-rs")) && sendToAgency(o, work);
      if (once) {
        o.println(ok ? "Demo complete: delivered across gateways, verified, evidences checked." : "Demo FAILED.");
        o.flush();
        return ok ? 0 : 1;
      }
      o.println("Gateways keep running. Drop more into " + work.resolve("gw-al/drop/" + SENDER + "/outbox/<recipient>/")
          + " (a folder with request.yaml and documents, then <folder>.ready). Ctrl-C stops.");
      printTryCommands(o, work);
      o.flush();
      String signal = signals.await();
      o.printf("%s: stopping the demo's gateways%n", signal);
      o.flush();
      return 0;
    } finally {
      long started = System.nanoTime();
      ParallelClose.closeAll(running);
      tsa.close();
      if (!once) {
        nodes.forEach((gw, node) -> o.println("  " + RunCommand.stoppedLine(gw, node)));
        o.printf(java.util.Locale.ROOT, "Demo stopped in %.1f s; its folders stay in %s%n",
            (System.nanoTime() - started) / 1e9, work);
        o.flush();
      }
    }
  }

  /**
   * The README's commands for IT staff and auditors, with this demo's configuration folders filled
   * in: status and ack work on the running gateways; the audit commands open a gateway's audit
   * store (an H2 file that belongs to the running node), so they run after the demo stopped.
   */
  private void printTryCommands(PrintWriter o, Path work) throws IOException {
    Path al = work.resolve("gw-al/config");
    Path rs = work.resolve("gw-rs/config");
    List<Path> inbox = list(work.resolve("gw-rs/drop").resolve(COURT).resolve("inbox"));
    String exchange = inbox.isEmpty() ? "EXCHANGE-ID" : inbox.get(0).getFileName().toString();
    o.println("Try, in another terminal while the demo runs:");
    o.printf("  ./mlagw status --config %s%n", al);
    o.printf("  ./mlagw status %s --config %s%n", exchange, al);
    o.printf("  ./mlagw ack %s --as %s --config %s%n", exchange, COURT, rs);
    o.println("and after Ctrl-C (the audit commands open the stopped gateway's audit store):");
    o.printf("  ./mlagw audit verify --config %s --auditor \"A. Auditor\" --purpose \"demo\"%n", al);
    o.printf("  ./mlagw audit query --exchange %s --config %s --auditor \"A. Auditor\" --purpose \"demo\"%n",
        exchange, rs);
  }

  /**
   * The agency's own system: a SOAP endpoint over mutual TLS that admits only gw-eu's certificate
   * (DEMO ONLY: it presents the spare gw-demo TLS certificate of the sample PKI).
   */
  private AgencyEndpointSimulator startAgency(Path work) throws Exception {
    char[] password = new eu.mlagw.config.SecretSource("MLAGW_KEYSTORE_PASSWORD", certs.resolve("keystore-password.txt"),
        "the demo PKI").resolve(System.getenv());
    agencyPort = freePort();
    return AgencyEndpointSimulator.builder().listen("127.0.0.1", agencyPort)
        .tlsCredential(KeyStoreFiles.readCredential(certs.resolve("gateways/gw-demo/tls.p12"), password))
        .trustedRoots(List.of(KeyStoreFiles.readCertificate(certs.resolve("ca/root-ca.pem"))))
        .admittedClients(List.of(KeyStoreFiles.readCertificate(certs.resolve("gateways/gw-eu/tls.pem"))))
        .folder(Files.createDirectories(work.resolve("agency-endpoint"))).start();
  }

  private int agencyPort;
  private java.net.URI tsaUrl;

  /**
   * The demo's time-stamping authority, as `mlagw tsa` serves one: a TSA certificate (critical
   * id-kp-timeStamping) issued now by the sample issuing CA (DEMO ONLY), on a free loopback port. Every
   * demo gateway's gateway.yaml names it under {@code timestamping:}.
   */
  private eu.mlagw.crypto.TimeStampServer startTimeStampingAuthority() throws Exception {
    char[] password = new eu.mlagw.config.SecretSource("MLAGW_KEYSTORE_PASSWORD", certs.resolve("keystore-password.txt"),
        "the demo PKI").resolve(System.getenv());
    eu.mlagw.crypto.CertificateAuthority issuing = eu.mlagw.crypto.CertificateAuthority.of(
        KeyStoreFiles.readCredential(certs.resolve("ca/issuing-ca.p12"), password), new java.security.SecureRandom());
    java.util.Arrays.fill(password, '\0');
    Instant now = Instant.now();
    eu.mlagw.crypto.Credential credential = issuing.issue(eu.mlagw.crypto.CertificateRole.TIME_STAMPING,
        "CN=MLA Gateway Demo Time-Stamping Authority,O=MLA Gateway Sample PKI", eu.mlagw.crypto.KeyKind.EC_P256,
        now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(30)), List.of());
    eu.mlagw.crypto.TimeStampServer server = eu.mlagw.crypto.TimeStampServer.start(
        new eu.mlagw.crypto.TimeStampAuthority(credential, Clock.systemUTC()), "127.0.0.1", 0);
    tsaUrl = server.url();
    return server;
  }

  /** Spontaneous information to the agency: gw-eu pushes it to the agency's endpoint over SOAP. */
  private boolean sendToAgency(PrintWriter o, Path work) throws Exception {
    Path outbox = work.resolve("gw-al/drop").resolve(SENDER).resolve("outbox").resolve(AGENCY);
    Path folder = Files.createDirectories(outbox.resolve("spontaneous-information-2026-118"));
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + SAMPLES.get(1))) {
      Files.copy(in, folder.resolve(SAMPLES.get(1)));
    }
    Files.writeString(folder.resolve("request.yaml"), String.join("\n", "language: sq",
        "exchangeType: spontaneous-information", "subject: Informacion spontan mbi një rrjet trafikimi",
        "caseReference: AL-2026-118", "persons:", "  - {role: suspect, name: Xhevdet Shkëmbi, nationality: AL}",
        "handlingCodes: [intelligence-only]", "confidentiality: restricted", ""));
    Files.createFile(outbox.resolve("spontaneous-information-2026-118.ready"));
    o.printf("%s  %s drops spontaneous-information-2026-118 into outbox/%s/ (gw-eu pushes it to the agency's "
        + "endpoint over SOAP)%n", Instant.now(), SENDER, AGENCY);
    o.flush();
    Path stored = work.resolve("agency-endpoint");
    for (int i = 0; i < 600; i++) {
      List<Path> got = list(stored);
      if (!got.isEmpty()) {
        o.printf("%s  agency endpoint: received exchange %s with %s%n", Instant.now(), got.get(0).getFileName(),
            list(got.get(0)).stream().map(p -> p.getFileName().toString()).toList());
        o.flush();
        return true;
      }
      Path failed = work.resolve("gw-al/drop").resolve(SENDER).resolve("failed");
      if (!list(failed).isEmpty() && Files.exists(list(failed).get(0).resolve("error.txt"))) {
        o.println("The exchange to the agency failed: " + Files.readString(list(failed).get(0).resolve("error.txt")));
        return false;
      }
      Thread.sleep(100);
    }
    o.println("The exchange to the agency did not arrive within a minute.");
    return false;
  }

  private boolean sendSample(PrintWriter o, Path work, GatewayKeys court) throws Exception {
    Path outbox = work.resolve("gw-al/drop").resolve(SENDER).resolve("outbox").resolve(COURT);
    Path folder = Files.createDirectories(outbox.resolve("mla-request-2026-117"));
    for (String sample : SAMPLES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + sample)) {
        if (in == null) {
          throw new GatewayException(ReasonCode.INPUT_INVALID, "the demo's sample document " + sample
              + " is missing from the build; rebuild with mvn -B package");
        }
        Files.copy(in, folder.resolve(sample));
      }
    }
    Files.writeString(folder.resolve("request.yaml"), REQUEST);
    Files.createFile(outbox.resolve("mla-request-2026-117.ready"));
    o.printf("%s  %s drops mla-request-2026-117 (a PDF request and call records) into outbox/%s/%n",
        Instant.now(), SENDER, COURT);
    o.flush();
    Path senderRoot = work.resolve("gw-al/drop").resolve(SENDER);
    Path courtInbox = work.resolve("gw-rs/drop").resolve(COURT).resolve("inbox");
    ObjectMapper json = new ObjectMapper();
    int printed = 0;
    Path sent = null;
    for (int i = 0; i < 600 && sent == null; i++) {
      Path status = latestStatus(senderRoot);
      if (status != null) {
        JsonNode steps = json.readTree(status.toFile()).path("steps");
        for (; printed < steps.size(); printed++) {
          o.printf("%s  gw-al: %s%n", steps.get(printed).path("at").asText(), steps.get(printed).path("text").asText());
        }
        o.flush();
        String state = json.readTree(status.toFile()).path("state").asText();
        if (status.getParent().getParent().getFileName().toString().equals("sent")
            && java.util.Set.of("DELIVERED", "RETRIEVED").contains(state)) {
          sent = status.getParent();
        }
      }
      if (Files.isDirectory(senderRoot.resolve("failed")) && list(senderRoot.resolve("failed")).size() > 0) {
        o.println("The exchange failed: " + Files.readString(list(senderRoot.resolve("failed")).get(0).resolve("error.txt")));
        return false;
      }
      Thread.sleep(100);
    }
    if (sent == null) {
      o.println("The exchange did not complete within a minute.");
      return false;
    }
    Path inbox = courtInbox.resolve(sent.getFileName());
    o.printf("%s  gw-rs: in the inbox of %s: %s%n", Instant.now(), COURT, inbox.resolve("documents"));
    o.printf("  for the court, in Serbian Cyrillic: %s and %s%n", inbox.resolve("cover-sheet.pdf"),
        inbox.resolve("recipient-metadata.json"));
    o.printf("  for the prosecutor, in Albanian: %s%n", sent.resolve("receipt.pdf"));
    EvidenceVerifier verifier = EvidenceVerifier.forGateway(court);
    List<Path> evidences = list(sent.resolve("evidences")); // every evidence comes back to the sender
    for (Path e : evidences) {
      EvidenceVerifier.VerifiedEvidence v = verifier.verify(Files.readAllBytes(e), Instant.now());
      o.printf("  evidence %-22s issued by %s, seal verified  (%s)%n", v.evidence().type(), v.evidence().issuingGateway(),
          e);
    }
    Path tampered = work.resolve("package-tampered.p7m");
    byte[] bytes = Files.readAllBytes(sent.resolve("package.p7m"));
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(tampered, bytes);
    try {
      PackageOpener.forGateway(court, Clock.systemUTC()).open(tampered, COURT, court.encryptionCredential(COURT),
          work.resolve("tampered-opened"), (d, t) -> { });
      o.println("  FAILED: a tampered copy was accepted");
      return false;
    } catch (GatewayException e) {
      o.println("  a copy with one flipped bit is refused: " + e.reason() + "; nothing released");
      return e.reason() == ReasonCode.ENVELOPE_TAMPERED && evidences.size() >= 3
          && Files.exists(inbox.resolve("documents/" + SAMPLES.get(0)));
    }
  }

  /** The status.json of the sample exchange, wherever it is now (.work while in progress, then sent/). */
  private static Path latestStatus(Path senderRoot) throws IOException {
    for (String where : new String[] {"sent", ".work"}) {
      for (Path d : list(senderRoot.resolve(where))) {
        if (Files.exists(d.resolve("status.json"))) {
          return d.resolve("status.json");
        }
      }
    }
    return null;
  }

  private Path writeConfig(Path work, String gw, Map<String, Integer> ports) throws IOException {
    List<SampleGatewayConfig.Gateway> all = new ArrayList<>();
    GATEWAYS.forEach((id, hosted) -> all.add(new SampleGatewayConfig.Gateway(id, ports.get(id), hosted)));
    SampleGatewayConfig.Gateway self = all.stream().filter(g -> g.id().equals(gw)).findFirst().orElseThrow();
    String agencyChannel = "    delivery:\n      channel: soap\n      url: https://127.0.0.1:" + agencyPort
        + "/agency/inbox\n      certificate: " + certs.toAbsolutePath().normalize() + "/gateways/gw-demo/tls.pem\n";
    Path config = SampleGatewayConfig.write(work.resolve(gw).resolve("config"), certs, self, all, "../drop", 100,
        PROFILES, Map.of(AGENCY, agencyChannel));
    Path gatewayYaml = config.resolve(ConfigLoader.GATEWAY_FILE);
    Files.writeString(gatewayYaml, Files.readString(gatewayYaml) + "timestamping: {url: \"" + tsaUrl + "\", trustAnchor: "
        + certs.toAbsolutePath().normalize().resolve("ca/root-ca.pem") + "}\n");
    if (gw.equals("gw-al")) {
      // the web console of the sending gateway, on a free loopback port (printed with the certificates to import)
      Path yaml = config.resolve(ConfigLoader.GATEWAY_FILE);
      Files.writeString(yaml, Files.readString(yaml) + "console: {listen: {host: 127.0.0.1, port: 0}}\n");
    }
    return config;
  }

  /**
   * The web console of gw-al and the two certificates to open it with, issued now by the sample
   * issuing CA (DEMO ONLY): an operator's and an auditor's PKCS#12, protected by the sample password.
   */
  private void printConsole(PrintWriter o, java.net.URI url, Path work) throws IOException,
      eu.mlagw.error.GatewayException {
    char[] password = Files.readString(certs.resolve("keystore-password.txt")).strip().toCharArray();
    eu.mlagw.crypto.CertificateAuthority issuing = eu.mlagw.crypto.CertificateAuthority.of(
        eu.mlagw.crypto.KeyStoreFiles.readCredential(certs.resolve("ca/issuing-ca.p12"), password),
        new java.security.SecureRandom());
    Path dir = Files.createDirectories(work.resolve("console"));
    Instant now = Instant.now();
    for (String[] who : new String[][] {{"demo.operator", "operators"}, {"demo.auditor", "auditors"}}) {
      eu.mlagw.crypto.Credential c = issuing.issue(who[1].equals("operators") ? eu.mlagw.crypto.CertificateRole.OPERATOR
          : eu.mlagw.crypto.CertificateRole.AUDITOR, "CN=" + who[0] + ",OU=" + who[1] + ",O=MLA Gateway Sample PKI",
          eu.mlagw.crypto.KeyKind.EC_P256, now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(30)),
          List.of());
      eu.mlagw.crypto.KeyStoreFiles.writeCredential(dir.resolve(who[0] + ".p12"), who[0], c, password);
    }
    java.util.Arrays.fill(password, '\0');
    o.printf("         web console %s%n", url);
    o.printf("           import %s (operator) or %s (auditor) into your browser,%n",
        dir.resolve("demo.operator.p12"), dir.resolve("demo.auditor.p12"));
    o.printf("           password in %s; trust %s for the gateway's TLS certificate%n",
        certs.toAbsolutePath().normalize().resolve("keystore-password.txt"),
        certs.toAbsolutePath().normalize().resolve("ca/root-ca.pem"));
  }

  private static int freePort() throws IOException {
    return eu.mlagw.config.SamplePorts.free();
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
