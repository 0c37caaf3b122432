package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST delivery channel against a real case-system simulator over mutual TLS. */
class CaseSystemPushTest {
  private static PeerFixture f;
  @TempDir Path dir;

  @BeforeAll
  static void pki() {
    f = PeerFixture.shared();
  }

  private PushEndpoint endpoint(CaseSystemSimulator system) {
    return new PushEndpoint("COURT-B", system.url(), f.receiverTls.certificate());
  }

  @Test
  void anExchangeArrivesByteForByteWithTheSystemsReference() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-1", 3_000_001, 0, 70_000);
    Path folder = dir.resolve("court");
    PushReceipt receipt;
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      receipt = PushFixture.caseClient(f, f.senderTls).push(endpoint(system), exchange);
    }
    Path received = folder.resolve("ex-rest-1");
    assertTrue(receipt.reference().startsWith("CS-"), receipt.toString());
    assertEquals(receipt.reference(), Files.readString(received.resolve(".reference")).strip());
    assertArrayEquals(Files.readAllBytes(exchange.metadataDocument()), Files.readAllBytes(received.resolve("metadata.json")));
    for (PushedDocument d : exchange.documents()) {
      assertArrayEquals(Files.readAllBytes(d.file()), Files.readAllBytes(received.resolve(d.name())), d.name());
    }
    List<String> expected = new ArrayList<>(List.of("ex-rest-1/.reference", "ex-rest-1/metadata.json"));
    exchange.documents().forEach(d -> expected.add("ex-rest-1/" + d.name()));
    assertEquals(expected.stream().sorted().toList(), PushFixture.filesUnder(folder));
  }

  @Test
  void aRepeatedPushGetsTheSameReferenceAndIsStoredOnce() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-2", 10_000);
    Path folder = dir.resolve("court");
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      CaseSystemClient client = PushFixture.caseClient(f, f.senderTls);
      PushReceipt first = client.push(endpoint(system), exchange);
      List<String> afterFirst = PushFixture.filesUnder(folder);
      PushReceipt second = client.push(endpoint(system), exchange);
      assertEquals(first.reference(), second.reference());
      assertTrue(second.message().contains("already received"), second.message());
      assertEquals(afterFirst, PushFixture.filesUnder(folder));
      assertEquals(3, afterFirst.size(), afterFirst.toString());
    }
  }

  @Test
  void anEndpointThatIsDownIsUnreachableAndRetried() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-3", 1000);
    URI nobody = URI.create("https://127.0.0.1:" + PeerFixture.freePort() + CaseSystemSimulator.PATH);
    GatewayException e = assertThrows(GatewayException.class, () -> PushFixture.caseClient(f, f.senderTls)
        .push(new PushEndpoint("COURT-B", nobody, f.receiverTls.certificate()), exchange));
    assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("the system of participant COURT-B at " + nobody + " could not be reached"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("the delivery will be retried"), e.getMessage());
  }

  @Test
  void anEndpointPresentingAnotherCertificateThanThePinnedOneGetsNothing() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-4", 1000);
    Path folder = dir.resolve("court");
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      PushEndpoint pinnedElsewhere = new PushEndpoint("COURT-B", system.url(), f.strangerTls.certificate());
      GatewayException e = assertThrows(GatewayException.class,
          () -> PushFixture.caseClient(f, f.senderTls).push(pinnedElsewhere, exchange));
      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains(Certificates.fingerprint(f.receiverTls.certificate())), e.getMessage());
      assertTrue(e.getMessage().contains(Certificates.fingerprint(f.strangerTls.certificate())), e.getMessage());
      assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    }
    assertEquals(List.of(), PushFixture.filesUnder(folder));
  }

  @Test
  void aGatewayWhoseCertificateTheSystemDoesNotAdmitIsToldSoClearly() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-5", 200_000);
    Path folder = dir.resolve("court");
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      GatewayException e = assertThrows(GatewayException.class,
          () -> PushFixture.caseClient(f, f.strangerTls).push(endpoint(system), exchange));
      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("did not accept this gateway's TLS certificate subject 'CN=gw-x'"), e.getMessage());
      assertTrue(e.getMessage().contains(Certificates.fingerprint(f.strangerTls.certificate())), e.getMessage());
    }
    assertEquals(List.of(), PushFixture.filesUnder(folder));
  }

  @Test
  void aSystemThatIsUnavailableIsRetriedAndTheRetryDelivers() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-6", 5000);
    Path folder = dir.resolve("court");
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      CaseSystemClient client = PushFixture.caseClient(f, f.senderTls);
      system.answerUnavailable();
      GatewayException e = assertThrows(GatewayException.class, () -> client.push(endpoint(system), exchange));
      assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("answered HTTP 503"), e.getMessage());
      assertTrue(e.getMessage().contains("down for maintenance"), e.getMessage());
      assertEquals(List.of(), PushFixture.filesUnder(folder));

      system.accept();
      assertTrue(client.push(endpoint(system), exchange).reference().startsWith("CS-"));
    }
    assertEquals(3, PushFixture.filesUnder(folder).size());
  }

  @Test
  void aRefusalQuotesWhatTheSystemSaid() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-7", 5000);
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, dir.resolve("court")).start()) {
      system.refuse("case number 12/2026 is closed");
      GatewayException e = assertThrows(GatewayException.class,
          () -> PushFixture.caseClient(f, f.senderTls).push(endpoint(system), exchange));
      assertEquals(ReasonCode.DELIVERY_REFUSED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 422"), e.getMessage());
      assertTrue(e.getMessage().contains("case number 12/2026 is closed"), e.getMessage());
    }
  }

  @Test
  void aDocumentWhoseBytesDoNotMatchItsSha256IsRefusedAndNothingStored() throws Exception {
    PushedExchange good = PushFixture.exchange(dir, "ex-rest-8", 5000, 7000);
    PushedDocument second = good.documents().get(1);
    PushedDocument lying = new PushedDocument(second.name(), second.mediaType(), second.size(),
        good.documents().get(0).sha256Hex(), second.file());
    PushedExchange exchange = new PushedExchange(good.exchangeId(), good.sender(), good.recipient(),
        good.metadataMediaType(), good.metadataDocument(), List.of(good.documents().get(0), lying));
    Path folder = dir.resolve("court");
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      GatewayException e = assertThrows(GatewayException.class,
          () -> PushFixture.caseClient(f, f.senderTls).push(endpoint(system), exchange));
      assertEquals(ReasonCode.DELIVERY_REFUSED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("DIGEST_MISMATCH"), e.getMessage());
    }
    assertEquals(List.of(), PushFixture.filesUnder(folder));
  }

  @Test
  void aFileOfAnotherSizeThanDeclaredIsNotSent() throws Exception {
    PushedExchange good = PushFixture.exchange(dir, "ex-rest-9", 5000);
    PushedDocument d = good.documents().get(0);
    PushedExchange exchange = new PushedExchange(good.exchangeId(), good.sender(), good.recipient(),
        good.metadataMediaType(), good.metadataDocument(),
        List.of(new PushedDocument(d.name(), d.mediaType(), 4999, d.sha256Hex(), d.file())));
    GatewayException e = assertThrows(GatewayException.class, () -> PushFixture.caseClient(f, f.senderTls)
        .push(new PushEndpoint("COURT-B", URI.create("https://127.0.0.1:1/x"), f.receiverTls.certificate()), exchange));
    assertEquals(ReasonCode.INPUT_INVALID, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("declared with 4999 bytes"), e.getMessage());
  }

  @Test
  void anEndpointThatDoesNotAnswerInTimeIsUnreachable() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-10", 1000);
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(PeerFixture.HOST))) {
      URI url = URI.create("https://127.0.0.1:" + silent.getLocalPort() + CaseSystemSimulator.PATH);
      CaseSystemClient impatient = CaseSystemClient.builder().tlsCredential(f.senderTls)
          .trustedRoots(List.of(f.pki.rootCertificate())).connectTimeout(java.time.Duration.ofSeconds(1))
          .receiveTimeout(java.time.Duration.ofSeconds(1)).build();
      GatewayException e = assertThrows(GatewayException.class,
          () -> impatient.push(new PushEndpoint("COURT-B", url, f.receiverTls.certificate()), exchange));
      assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("gave no answer within the receive timeout"), e.getMessage());
    }
  }

  @Test
  void twoPushesOfOneExchangeAtTheSameTimeAreStoredOnce() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-11", 2_000_000);
    Path folder = dir.resolve("court");
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      CaseSystemClient client = PushFixture.caseClient(f, f.senderTls);
      java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.Callable<PushReceipt> push = () -> client.push(endpoint(system), exchange);
        List<java.util.concurrent.Future<PushReceipt>> both = two.invokeAll(List.of(push, push));
        assertEquals(both.get(0).get().reference(), both.get(1).get().reference());
      } finally {
        two.shutdownNow();
      }
    }
    assertEquals(List.of("ex-rest-11/.reference", "ex-rest-11/Zahtev 1 – molba.pdf", "ex-rest-11/metadata.json"),
        PushFixture.filesUnder(folder));
  }

  @Test
  void theEndpointOfAConfiguredRestChannelReadsItsPinnedCertificate() throws Exception {
    Path pem = dir.resolve("cms.pem");
    Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(f.receiverTls.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
    URI url = URI.create("https://cms.court.example:8443/mla/exchanges");
    PushEndpoint endpoint = PushEndpoint.of("COURT-B", new eu.mlagw.config.DeliveryChannel(
        eu.mlagw.config.DeliveryChannel.Kind.REST, java.util.Optional.of(url), java.util.Optional.of(pem)));
    assertEquals(url, endpoint.url());
    assertTrue(Certificates.same(f.receiverTls.certificate(), endpoint.certificate()));
    GatewayException e = assertThrows(GatewayException.class,
        () -> PushEndpoint.of("COURT-B", eu.mlagw.config.DeliveryChannel.INBOX_ONLY));
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
  }

  @Test
  void aGatewayRefusedInTheHandshakeWithoutAnAlertIsToldWhichCertificateToCheck() throws Exception {
    PushedExchange exchange = PushFixture.exchange(dir, "ex-rest-12", 200_000);
    Path folder = dir.resolve("court");
    try (CaseSystemSimulator system = PushFixture.caseSystem(f, folder).start()) {
      // An outsider's chain fails the PKIX check: the JDK HttpsServer closes without a TLS alert.
      CaseSystemClient outsider = CaseSystemClient.builder().tlsCredential(f.outsiderTls)
          .trustedRoots(List.of(f.pki.rootCertificate())).build();
      GatewayException e = assertThrows(GatewayException.class, () -> outsider.push(endpoint(system), exchange));
      assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("probably does not accept this gateway's TLS certificate subject 'CN=gw-o'"),
          e.getMessage());
    }
    assertEquals(List.of(), PushFixture.filesUnder(folder));
  }
}
