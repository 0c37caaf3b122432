package eu.mlagw.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import eu.mlagw.routing.DropFolders;
import eu.mlagw.routing.GatewayNode;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless Chromium, driven by chromedriver) against a
 * running gateway pair: gw-al with the console, gw-rs its peer, down at first. Each role comes in
 * through a {@link ClientCertificateProxy} presenting its certificate from {@code mlagw pki init}.
 * The tests run in order on one pair and one browser; screenshots of each page go to
 * target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String REMOTE = "RS-HC-BELGRADE";
  private static final Path SHOTS = Path.of("target", "console-screenshots");
  @TempDir static Path pki;
  @TempDir static Path home;
  private static GatewayNode al;
  private static GatewayNode rs;
  private static Path rsConfig;
  private static WebDriver browser;
  private static ClientCertificateProxy operator;
  private static ClientCertificateProxy auditor;
  private static ClientCertificateProxy participant;
  private static String exchangeId;
  private static Path downloads;

  @BeforeAll
  static void startPairAndBrowser() throws Exception {
    assertTrue(new File("/usr/bin/chromium").canExecute() && new File("/usr/bin/chromedriver").canExecute(),
        "the browser tests need Debian's chromium and chromium-driver (.ci/run installs them: apt-get install "
            + "chromium chromium-driver)");
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + REMOTE, "--gateways", "gw-al,gw-rs",
        "--auditors", "ana.auditor", "--operators", "olta.operator", "--key-algorithm", "ec"));
    SampleGatewayConfig.Gateway alGw = new SampleGatewayConfig.Gateway("gw-al", SamplePorts.free(), List.of(SENDER));
    SampleGatewayConfig.Gateway rsGw = new SampleGatewayConfig.Gateway("gw-rs", SamplePorts.free(), List.of(REMOTE));
    Path alConfig = SampleGatewayConfig.write(home.resolve("gw-al/config"), pki, alGw, List.of(alGw, rsGw), "../drop", 50);
    rsConfig = SampleGatewayConfig.write(home.resolve("gw-rs/config"), pki, rsGw, List.of(alGw, rsGw), "../drop", 50);
    // a retry far away: only "retry now" can deliver within the test
    Files.writeString(alConfig.resolve("gateway.yaml"), Files.readString(alConfig.resolve("gateway.yaml"))
        + "console: {listen: {host: 127.0.0.1, port: 0}}\n"
        + "delivery:\n  firstRetryDelay: 10m\n  maxRetryDelay: 10m\n  deadline: 1h\n");
    al = new GatewayNode(new ConfigLoader().load(alConfig), Map.of(), Path.of("routes"), Clock.systemUTC());
    al.start();
    URI console = al.consoleUrl().orElseThrow();
    char[] password = Files.readString(pki.resolve("keystore-password.txt")).strip().toCharArray();
    Path root = pki.resolve("ca/root-ca.pem");
    operator = new ClientCertificateProxy(console, pki.resolve("operators/olta.operator/operator.p12"), password, root);
    auditor = new ClientCertificateProxy(console, pki.resolve("auditors/ana.auditor/auditor.p12"), password, root);
    participant = new ClientCertificateProxy(console, pki.resolve("participants/" + SENDER + "/seal.p12"), password,
        root);
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400",
        "--lang=en");
    downloads = Files.createDirectories(home.resolve("downloads"));
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (AutoCloseable c : new AutoCloseable[] {operator, auditor, participant, rs, al}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  @Order(1)
  void aParticipantCertificateIsRefusedWithAPageThatSaysWhy() throws Exception {
    browser.get(participant.url().toString());
    assertEquals("CONSOLE_NOT_AUTHORIZED", browser.findElement(By.id("reason-code")).getText());
    String why = browser.findElement(By.id("why")).getText();
    assertTrue(why.contains(SENDER + " seal") && why.contains("neither an operator's nor an auditor's")
        && why.contains("--operators NAME"), why);
    shot("refused");
    assertTrue(events().stream().anyMatch(e -> e.record().details().getOrDefault("client", "").contains(SENDER)
        && "refused".equals(e.record().details().get("outcome"))), "the refusal is in the audit log");
  }

  @Test
  @Order(2)
  void anOperatorSeesExchangesRetryingWhileThePeerIsDownGivesOneUpAndRetriesTheOtherWhenThePeerIsBack()
      throws Exception {
    DropFolders drop = new DropFolders(home.resolve("gw-al/drop"));
    for (String name : List.of("request-1", "request-2")) {
      Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(REMOTE).resolve(name));
      Files.write(folder.resolve("statement.pdf"), "%PDF-1.4 witness statement".getBytes());
      Files.writeString(folder.resolve("request.yaml"), "subject: Hearing of a witness\ncaseReference: AL-2026-"
          + name.substring(8) + "\npersons:\n  - {role: witness, name: Ђорђе Јовановић, nationality: RS}\n");
      Files.createFile(folder.resolveSibling(name + ".ready"));
    }
    browser.get(operator.url().toString());
    wait(Duration.ofSeconds(20)).until(d -> {
      d.navigate().refresh();
      return d.findElements(By.cssSelector("#in-flight td.state")).stream().filter(e -> e.getText().equals("SENDING"))
          .count() == 2;
    });
    String table = browser.findElement(By.id("in-flight")).getText();
    assertTrue(table.contains("PEER_UNREACHABLE") && table.contains(SENDER + " → " + REMOTE), table);
    assertTrue(browser.findElement(By.id("peers")).getText().contains("gw-rs"), "the peers table lists gw-rs");
    assertEquals("object", ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return typeof htmx"),
        "htmx loads from the console under its Content-Security-Policy");
    shot("dashboard");

    open("request-2");
    String givenUp = browser.findElement(By.cssSelector("h1 code")).getText();
    browser.findElement(By.id("give-up-reason")).sendKeys("the court withdrew the request");
    browser.findElement(By.id("give-up-button")).click();
    wait(Duration.ofSeconds(5)).until(d -> !d.findElements(By.cssSelector("p.notice, p.error")).isEmpty());
    assertTrue(browser.findElement(By.cssSelector("p.notice, p.error")).getText().startsWith("Given up"),
        browser.findElement(By.tagName("main")).getText());
    assertTrue(browser.findElement(By.id("facts")).getText().contains("OPERATOR_GAVE_UP"),
        browser.findElement(By.id("facts")).getText());
    assertTrue(Files.readString(drop.failed(SENDER).resolve("request-2").resolve("error.txt"))
        .contains("OPERATOR_GAVE_UP"), "returned to failed/ with the reason");

    browser.get(operator.url().toString());
    assertTrue(browser.findElement(By.id("failed")).getText().contains("OPERATOR_GAVE_UP"),
        browser.findElement(By.id("failed")).getText());
    shot("dashboard-after-give-up");
    open("request-1");
    exchangeId = browser.findElement(By.cssSelector("h1 code")).getText();
    assertTrue(browser.findElement(By.id("facts")).getText().contains("Next attempt"));
    shot("exchange-sending");
    rs = new GatewayNode(new ConfigLoader().load(rsConfig), Map.of(), Path.of("routes"), Clock.systemUTC());
    rs.start();
    browser.findElement(By.id("retry-reason")).sendKeys("peer gw-rs is back after maintenance");
    browser.findElement(By.id("retry-button")).click();
    wait(Duration.ofSeconds(5)).until(d -> !d.findElements(By.cssSelector("p.notice, p.error")).isEmpty());
    assertTrue(browser.findElement(By.cssSelector("p.notice, p.error")).getText().startsWith("Retry requested"),
        browser.findElement(By.tagName("main")).getText());
    wait(Duration.ofSeconds(20)).until(d -> {
      d.navigate().refresh();
      String state = d.findElement(By.id("facts")).getText();
      return state.contains("DELIVERED") || state.contains("RETRIEVED");
    });
    shot("exchange-delivered");
    List<AuditEvent> acted = events().stream().filter(e -> e.record().type() == AuditEventType.OPERATOR_ACTED).toList();
    assertEquals(2, acted.size(), acted.toString());
    assertEquals(givenUp, acted.get(0).record().exchangeId());
    assertEquals("give-up", acted.get(0).record().details().get("action"));
    assertEquals(exchangeId, acted.get(1).record().exchangeId());
    assertEquals("retry-now", acted.get(1).record().details().get("action"));
    assertTrue(acted.get(1).record().details().get("operator").contains("CN=olta.operator"),
        acted.get(1).record().details().toString());
    assertEquals("peer gw-rs is back after maintenance", acted.get(1).record().details().get("reason"));
    assertTrue(events().stream().anyMatch(e -> givenUp.equals(e.record().exchangeId())
        && e.record().type() == AuditEventType.EVIDENCE_ISSUED
        && "NonDelivery".equals(e.record().details().get("evidence"))), "the sender got a NonDelivery");
  }

  /** Opens the exchange page of the in-flight submission {@code name} from the dashboard. */
  private static void open(String name) {
    for (var row : browser.findElements(By.cssSelector("#in-flight tbody tr"))) {
      if (row.getText().contains(name + " ")) {
        row.findElement(By.tagName("a")).click();
        return;
      }
    }
    throw new AssertionError(name + " is not in flight: " + browser.findElement(By.id("in-flight")).getText());
  }

  @Test
  @Order(3)
  void aForgedPostWithoutTheSessionsTokenIsRefused() throws Exception {
    browser.get(operator.url() + "exchanges/" + exchangeId);
    String cookie = browser.manage().getCookieNamed(ConsoleSessions.COOKIE).getValue();
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    for (String body : List.of("reason=forged", "reason=forged&csrf=not-the-token")) {
      HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(operator.url() + "exchanges/"
              + exchangeId + "/give-up")).header("Content-Type", "application/x-www-form-urlencoded")
          .header("Cookie", ConsoleSessions.COOKIE + "=" + cookie).POST(HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(403, forged.statusCode(), forged.body());
      assertTrue(forged.body().contains("CONSOLE_FORM_FORGED"), forged.body());
    }
    assertTrue(events().stream().noneMatch(e -> e.record().type() == AuditEventType.OPERATOR_ACTED
        && exchangeId.equals(e.record().exchangeId()) && "give-up".equals(e.record().details().get("action"))),
        "nothing was given up");
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(operator.url().toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
  }

  @Test
  @Order(4)
  void anAuditorStatesThePurposeOnceFindsACyrillicNameTypedInLatinAndDownloadsAProofBundleThatVerifies()
      throws Exception {
    browser.get(auditor.url().toString());
    assertTrue(browser.getCurrentUrl().endsWith("/audit"), browser.getCurrentUrl());
    shot("auditor-purpose");
    browser.findElement(By.id("purpose")).sendKeys("court order 12/2026");
    browser.findElement(By.id("purpose-button")).click();
    browser.findElement(By.id("person")).sendKeys("Jovanovic");
    browser.findElement(By.id("search-button")).click();
    String results = browser.findElement(By.id("results")).getText();
    assertTrue(results.contains("Ђорђе Јовановић") && results.contains(exchangeId), results);
    shot("auditor-search");
    AuditEvent queried = last(AuditEventType.AUDIT_QUERIED);
    assertEquals("Jovanovic", queried.record().details().get("person"));
    assertEquals("court order 12/2026", queried.record().details().get("purpose"));
    assertTrue(queried.record().details().get("auditor").contains("CN=ana.auditor"), queried.toString());

    browser.findElement(By.linkText(exchangeId)).click();
    assertTrue(browser.findElement(By.id("exchange-events")).getText().contains("PACKAGE_SEALED"));
    shot("auditor-exchange");
    browser.findElement(By.linkText("Download the proof bundle")).click();
    Path bundle = downloads.resolve("proof-" + exchangeId + ".zip");
    wait(Duration.ofSeconds(10)).until(d -> Files.exists(bundle));
    StringWriter offline = new StringWriter();
    assertEquals(0, Mlagw.run(new PrintWriter(offline), new PrintWriter(offline), "audit", "verify-proof",
        bundle.toString(), "--trust", pki.resolve("ca/root-ca.pem").toString()), offline.toString());
    assertEquals(exchangeId, last(AuditEventType.AUDIT_EXPORTED).record().exchangeId());

    browser.get(auditor.url() + "audit/verify");
    browser.findElement(By.id("verify-button")).click();
    // the verification answers on a new page (a POST): wait for it rather than race the click
    wait(Duration.ofSeconds(20)).until(d -> !d.findElements(By.id("verify-result")).isEmpty());
    assertTrue(browser.findElement(By.id("verify-result")).getText().startsWith("OK"),
        browser.findElement(By.id("verify-result")).getText());
    shot("auditor-verify");
    assertEquals("court order 12/2026", last(AuditEventType.AUDIT_VERIFIED).record().details().get("purpose"));

    String cookie = browser.manage().getCookieNamed(ConsoleSessions.COOKIE).getValue();
    HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(auditor.url()
        + "audit/export.csv?person=jovanovic")).header("Cookie", ConsoleSessions.COOKIE + "=" + cookie).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, csv.statusCode());
    assertTrue(csv.body().startsWith("seq,time,") && csv.body().contains(exchangeId), csv.body());
    // the signed PDF report, as `mlagw audit export --format pdf` writes it (PAdES; DSS checks it in PadesDssValidationTest)
    HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(auditor.url()
        + "audit/export.pdf?person=jovanovic")).header("Cookie", ConsoleSessions.COOKIE + "=" + cookie).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, pdf.statusCode());
    assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
    String pdfText = new String(pdf.body(), StandardCharsets.ISO_8859_1);
    assertTrue(pdfText.startsWith("%PDF-") && pdfText.contains("/ETSI.CAdES.detached"), "a PAdES-signed PDF");
    assertEquals("pdf", last(AuditEventType.AUDIT_EXPORTED).record().details().get("format"));
    assertEquals("court order 12/2026", last(AuditEventType.AUDIT_EXPORTED).record().details().get("purpose"));
    // languages: the switch in the header keeps the choice for the session; without one, Accept-Language decides
    browser.get(auditor.url() + "audit");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("lang"))).selectByValue("sr-Cyrl");
    browser.findElement(By.id("lang-button")).click();
    assertEquals("Дневник ревизије", browser.findElement(By.tagName("h1")).getText());
    assertEquals("sr-Cyrl", browser.findElement(By.tagName("html")).getAttribute("lang"));
    shot("auditor-sr-Cyrl");
    browser.get(auditor.url() + "audit/verify");
    assertEquals("Провери дневник ревизије", browser.findElement(By.tagName("h1")).getText(), "kept for the session");
    HttpResponse<String> albanian = HttpClient.newHttpClient().send(HttpRequest.newBuilder(participant.url())
        .header("Accept-Language", "sq-AL,sq;q=0.9,en;q=0.5").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, albanian.statusCode());
    assertTrue(albanian.body().contains("<html lang=\"sq\"") && albanian.body().contains("Qasja u refuzua"),
        albanian.body());
    // the auditor's certificate opens no operator page
    browser.get(auditor.url() + "exchanges/" + exchangeId);
    assertTrue(browser.findElement(By.tagName("main")).getText().contains("for the operator role"));
  }

  private static AuditEvent last(AuditEventType type) {
    List<AuditEvent> all = events().stream().filter(e -> e.record().type() == type).toList();
    assertFalse(all.isEmpty(), "no " + type);
    return all.get(all.size() - 1);
  }

  private static List<AuditEvent> events() {
    var store = al.auditLog().store();
    return store.read(0, store.size());
  }

  private static WebDriverWait wait(Duration d) {
    WebDriverWait w = new WebDriverWait(browser, d, Duration.ofMillis(300));
    return w;
  }

  private static void shot(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
