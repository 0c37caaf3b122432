package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import eu.mlagw.testing.DropFolderWait;
import eu.mlagw.testing.PrometheusText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node — the shipped routes, keys from {@code mlagw pki init}, a peer gateway configured but
 * not running — scraped over HTTP on its admin listener as Prometheus and a load balancer would.
 */
class AdminEndpointsTest {
  private static final String SENDER = "AL-PG-TIRANA";
  private static final String COURT = "AL-HC-TIRANA";
  private static final String REMOTE = "RS-HC-BELGRADE";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path pki;
  @TempDir Path home;
  private final HttpClient http = HttpClient.newHttpClient();
  private GatewayNode node;
  private GatewayNode peer;

  @BeforeAll
  static void makePki() {
    assertEquals(0, Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "pki", "init",
        "--out", pki.toString(), "--participants", SENDER + "," + COURT + "," + REMOTE, "--gateways", "gw-al,gw-rs",
        "--key-algorithm", "ec"));
  }

  @AfterEach
  void stop() {
    for (GatewayNode n : new GatewayNode[] {node, peer}) {
      if (n != null) {
        n.close();
      }
    }
  }

  /** gw-al hosts the prosecutor and the court (local delivery); gw-rs is its peer, never started. */
  private GatewayNode startNode() throws Exception {
    SampleGatewayConfig.Gateway al = new SampleGatewayConfig.Gateway("gw-al", SamplePorts.free(), List.of(SENDER, COURT));
    SampleGatewayConfig.Gateway rs = new SampleGatewayConfig.Gateway("gw-rs", SamplePorts.free(), List.of(REMOTE));
    Path config = SampleGatewayConfig.write(home.resolve("config"), pki, al, List.of(al, rs), "../drop", 50);
    GatewayNode n = new GatewayNode(new ConfigLoader().load(config), Map.of(), Path.of("routes"),
        Clock.systemUTC());
    n.start();
    return n;
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI base = node.adminUrl().orElseThrow();
    return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private String metrics() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    return r.body();
  }

  @Test
  void metricsAndHealthMoveWithAnExchange() throws Exception {
    node = startNode();
    assertTrue(node.adminUrl().orElseThrow().toString().startsWith("http://127.0.0.1:"), "plain HTTP on loopback");

    HttpResponse<String> live = get("/health/live");
    assertEquals(200, live.statusCode(), live.body());
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    JsonNode checks = JSON.readTree(ready.body()).path("checks");
    for (String required : List.of("store", "cluster", "routes", "keys", "running")) {
      assertEquals("UP", checks.path(required).path("status").asText(), required + " in " + ready.body());
      assertTrue(checks.path(required).path("decidesReadiness").asBoolean());
    }
    // the peer is down: reported, but the node is still ready (its exchanges to gw-rs are retried)
    assertEquals("DOWN", checks.path("peers").path("status").asText(), ready.body());
    assertTrue(checks.path("peers").path("detail").asText().contains("gw-rs unreachable"), ready.body());
    assertFalse(checks.path("peers").path("decidesReadiness").asBoolean());

    String before = metrics();
    assertEquals(0.0, PrometheusText.sum(before, "mlagw_peer_reachable", Map.of("peer", "gw-rs")));
    assertEquals(1.0, PrometheusText.sum(before, "mlagw_cluster_members", Map.of("gateway", "gw-al")));
    assertTrue(PrometheusText.sum(before, "mlagw_certificate_expiry_days", Map.of("use", "gateway seal")) > 300,
        "the gateway seal made by pki init is valid for years:\n" + before);
    assertTrue(PrometheusText.sum(before, "mlagw_crl_next_update_days", Map.of()) > 0, before);
    assertTrue(PrometheusText.has(before, "camel_exchanges_total"), "Camel's own route metrics are there too");
    double eventsBefore = PrometheusText.sum(before, "mlagw_audit_events", Map.of());
    assertTrue(eventsBefore >= 1, "CONFIG_LOADED at least");

    DropFolders drop = new DropFolders(home.resolve("drop"));
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve("request-1"));
    Files.write(folder.resolve("statement.pdf"), "%PDF-1.4 witness statement".getBytes());
    Files.writeString(folder.resolve("request.yaml"), "subject: Hearing of a witness\n");
    Files.createFile(folder.resolveSibling("request-1.ready"));
    DropFolderWait.awaitSettled(drop.inbox(COURT), 20_000);
    DropFolderWait.awaitSettled(drop.sent(SENDER), 20_000);

    String after = metrics();
    for (int i = 0; i < 100 && PrometheusText.sum(after, "mlagw_exchange_sealed_to_delivered_seconds_count",
        Map.of()) < 1; i++) {
      Thread.sleep(50); // the metrics follow the folder moves by a moment
      after = metrics();
    }
    assertEquals(1.0, PrometheusText.sum(after, "mlagw_exchange_transitions_total",
        Map.of("side", "sender", "state", "SEALED")), after);
    assertEquals(1.0, PrometheusText.sum(after, "mlagw_exchange_transitions_total",
        Map.of("side", "sender", "state", "DELIVERED")), after);
    assertEquals(1.0, PrometheusText.sum(after, "mlagw_exchange_transitions_total",
        Map.of("side", "recipient", "state", "RECEIVED")), after);
    assertEquals(1.0, PrometheusText.sum(after, "mlagw_exchange_drop_to_inbox_seconds_count", Map.of("via", "local")),
        after);
    double latency = PrometheusText.sum(after, "mlagw_exchange_drop_to_inbox_seconds_sum", Map.of("via", "local"));
    assertTrue(latency > 0 && latency < 20, "claim to inbox took " + latency + " s");
    assertEquals(1.0, PrometheusText.sum(after, "mlagw_exchange_sealed_to_delivered_seconds_count",
        Map.of("to", "local")), after);
    assertTrue(PrometheusText.sum(after, "mlagw_audit_events", Map.of()) > eventsBefore);
    assertEquals(0.0, PrometheusText.sum(after, "mlagw_exchanges_in_flight", Map.of()), after);

    // a node that is stopping is not ready any more, but still alive until it is down
    node.stop().request();
    HttpResponse<String> stopping = get("/health/ready");
    assertEquals(503, stopping.statusCode(), stopping.body());
    assertEquals("DOWN", JSON.readTree(stopping.body()).path("checks").path("running").path("status").asText());
    assertEquals(200, get("/health/live").statusCode());
    assertEquals(404, get("/nothing-here").statusCode());
  }

  /** An HTTP client that trusts the test PKI's root (the gateway TLS certificates name 127.0.0.1). */
  private static HttpClient httpsClient() throws Exception {
    java.security.KeyStore roots = java.security.KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    try (var in = Files.newInputStream(pki.resolve("ca/root-ca.pem"))) {
      roots.setCertificateEntry("root", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
    tmf.init(roots);
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  @Test
  void acrossTwoGatewaysTheBytesSentAreTheBytesReceivedAndANonLoopbackListenerIsHttps() throws Exception {
    SampleGatewayConfig.Gateway al = new SampleGatewayConfig.Gateway("gw-al", SamplePorts.free(), List.of(SENDER));
    SampleGatewayConfig.Gateway rs = new SampleGatewayConfig.Gateway("gw-rs", SamplePorts.free(), List.of(REMOTE));
    Path alConfig = SampleGatewayConfig.write(home.resolve("gw-al/config"), pki, al, List.of(al, rs), "../drop", 50);
    Path rsConfig = SampleGatewayConfig.write(home.resolve("gw-rs/config"), pki, rs, List.of(al, rs), "../drop", 50);
    Path rsYaml = rsConfig.resolve("gateway.yaml");
    Files.writeString(rsYaml, Files.readString(rsYaml).replace("admin: {host: 127.0.0.1, port: 0}",
        "admin: {host: 0.0.0.0, port: 0}"));
    peer = new GatewayNode(new ConfigLoader().load(rsConfig), Map.of(), Path.of("routes"),
        Clock.systemUTC());
    peer.start();
    node = new GatewayNode(new ConfigLoader().load(alConfig), Map.of(), Path.of("routes"),
        Clock.systemUTC());
    node.start();
    URI rsAdmin = peer.adminUrl().orElseThrow();
    assertTrue(rsAdmin.toString().startsWith("https://0.0.0.0:"), rsAdmin.toString());
    URI rsMetrics = URI.create("https://127.0.0.1:" + rsAdmin.getPort() + "/metrics");
    HttpClient https = httpsClient();
    assertEquals(200, https.send(HttpRequest.newBuilder(rsMetrics).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode(), "HTTPS with the gateway's TLS certificate; no client certificate needed");
    assertThrows(java.io.IOException.class, () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + rsAdmin.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()), "no plain HTTP there");

    DropFolders drop = new DropFolders(home.resolve("gw-al/drop"));
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(REMOTE).resolve("request-2"));
    Files.write(folder.resolve("statement.pdf"), "%PDF-1.4 witness statement".getBytes());
    Files.writeString(folder.resolve("request.yaml"), "subject: Hearing of a witness\n");
    Files.createFile(folder.resolveSibling("request-2.ready"));
    Path sent = DropFolderWait.awaitSettled(drop.sent(SENDER), 30_000);
    long packageBytes = Files.size(sent.resolve("package.p7m"));

    String alMetrics = metrics();
    for (int i = 0; i < 100 && PrometheusText.sum(alMetrics, "mlagw_peer_sent_bytes_total", Map.of()) == 0; i++) {
      Thread.sleep(50);
      alMetrics = metrics();
    }
    String rsText = https.send(HttpRequest.newBuilder(rsMetrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertEquals(packageBytes, PrometheusText.sum(alMetrics, "mlagw_peer_sent_bytes_total", Map.of("peer", "gw-rs")),
        alMetrics);
    assertEquals(packageBytes, PrometheusText.sum(rsText, "mlagw_peer_received_bytes_total", Map.of("peer", "gw-al")),
        rsText);
    assertEquals(1.0, PrometheusText.sum(rsText, "mlagw_exchange_drop_to_inbox_seconds_count", Map.of("via", "peer")),
        rsText);
    assertEquals(1.0, PrometheusText.sum(alMetrics, "mlagw_exchange_sealed_to_delivered_seconds_count",
        Map.of("to", "gw-rs")), alMetrics);
    assertEquals(1.0, PrometheusText.sum(alMetrics, "mlagw_peer_reachable", Map.of("peer", "gw-rs")), alMetrics);
  }
}
