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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SOAP delivery channel against a real agency simulator (CXF on Undertow, mutual TLS). */
class AgencyPushTest {
  private static final List<String> CODES = List.of("URGENT", "CONFIDENTIAL");
  private static PeerFixture f;
  private static AgencyClient client;
  @TempDir Path dir;

  @BeforeAll
  static void pki() throws Exception {
    f = PeerFixture.shared();
    client = PushFixture.agencyClient(f, f.senderTls);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  private PushEndpoint endpoint(AgencyEndpointSimulator agency) {
    return new PushEndpoint("AGENCY-C", agency.url(), f.receiverTls.certificate());
  }

  @Test
  void anExchangeArrivesByteForByteInTheAgencysFormat() throws Exception {
    PushedExchange exchange = PushFixture.agencyExchange(dir, "ex-soap-1", 3_000_001, 0, 70_000);
    Path folder = dir.resolve("agency");
    PushReceipt receipt;
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, folder).start()) {
      receipt = client.push(endpoint(agency), exchange, CODES);
    }
    Path received = folder.resolve("ex-soap-1");
    assertTrue(receipt.reference().startsWith("AG-"), receipt.toString());
    assertEquals(receipt.reference(), Files.readString(received.resolve(".reference")).strip());
    assertArrayEquals(Files.readAllBytes(exchange.metadataDocument()), Files.readAllBytes(received.resolve("metadata.xml")));
    for (PushedDocument d : exchange.documents()) {
      assertArrayEquals(Files.readAllBytes(d.file()), Files.readAllBytes(received.resolve(d.name())), d.name());
    }
    assertEquals(5, PushFixture.filesUnder(folder).size(), PushFixture.filesUnder(folder).toString());
  }

  @Test
  void aRepeatedDeliveryGetsTheSameReferenceAndIsStoredOnce() throws Exception {
    PushedExchange exchange = PushFixture.agencyExchange(dir, "ex-soap-2", 10_000);
    Path folder = dir.resolve("agency");
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, folder).start()) {
      PushReceipt first = client.push(endpoint(agency), exchange, CODES);
      List<String> afterFirst = PushFixture.filesUnder(folder);
      PushReceipt second = client.push(endpoint(agency), exchange, CODES);
      assertEquals(first.reference(), second.reference());
      assertEquals("already received", second.message());
      assertEquals(afterFirst, PushFixture.filesUnder(folder));
      assertEquals(3, afterFirst.size(), afterFirst.toString());
    }
  }

  @Test
  void anAgencyThatIsDownIsUnreachableAndRetried() throws Exception {
    PushedExchange exchange = PushFixture.agencyExchange(dir, "ex-soap-3", 1000);
    URI nobody = URI.create("https://127.0.0.1:" + PeerFixture.freePort() + "/agency/inbox");
    GatewayException e = assertThrows(GatewayException.class,
        () -> client.push(new PushEndpoint("AGENCY-C", nobody, f.receiverTls.certificate()), exchange, CODES));
    assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("the system of participant AGENCY-C at " + nobody + " could not be reached"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("the delivery will be retried"), e.getMessage());
  }

  @Test
  void anAgencyPresentingAnotherCertificateThanThePinnedOneGetsNothing() throws Exception {
    PushedExchange exchange = PushFixture.agencyExchange(dir, "ex-soap-4", 1000);
    Path folder = dir.resolve("agency");
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, folder).start()) {
      PushEndpoint pinnedElsewhere = new PushEndpoint("AGENCY-C", agency.url(), f.strangerTls.certificate());
      GatewayException e = assertThrows(GatewayException.class, () -> client.push(pinnedElsewhere, exchange, CODES));
      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains(Certificates.fingerprint(f.receiverTls.certificate())), e.getMessage());
      assertTrue(e.getMessage().contains(Certificates.fingerprint(f.strangerTls.certificate())), e.getMessage());
      assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    }
    assertEquals(List.of(), PushFixture.filesUnder(folder));
  }

  @Test
  void aGatewayWhoseCertificateTheAgencyDoesNotAdmitIsToldSoClearly() throws Exception {
    PushedExchange exchange = PushFixture.agencyExchange(dir, "ex-soap-5", 200_000);
    Path folder = dir.resolve("agency");
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, folder).start();
        AgencyClient stranger = PushFixture.agencyClient(f, f.strangerTls)) {
      GatewayException e = assertThrows(GatewayException.class, () -> stranger.push(endpoint(agency), exchange, CODES));
      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("did not accept this gateway's TLS certificate subject 'CN=gw-x'"), e.getMessage());
      assertTrue(e.getMessage().contains(Certificates.fingerprint(f.strangerTls.certificate())), e.getMessage());
    }
    assertEquals(List.of(), PushFixture.filesUnder(folder));
  }

  @Test
  void aRefusalQuotesWhatTheAgencySaid() throws Exception {
    PushedExchange exchange = PushFixture.agencyExchange(dir, "ex-soap-6", 5000);
    Path folder = dir.resolve("agency");
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, folder).start()) {
      agency.refuse("NOT_COMPETENT", "this agency does not handle customs cases");
      GatewayException e = assertThrows(GatewayException.class, () -> client.push(endpoint(agency), exchange, CODES));
      assertEquals(ReasonCode.DELIVERY_REFUSED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("reason NOT_COMPETENT"), e.getMessage());
      assertTrue(e.getMessage().contains("this agency does not handle customs cases"), e.getMessage());

      agency.accept();
      assertTrue(client.push(endpoint(agency), exchange, CODES).reference().startsWith("AG-"));
    }
    assertEquals(3, PushFixture.filesUnder(folder).size());
  }

  @Test
  void aDocumentWhoseBytesDoNotMatchItsSha256IsRefusedWithDigestMismatchAndNothingStored() throws Exception {
    PushedExchange good = PushFixture.agencyExchange(dir, "ex-soap-7", 5000, 7000);
    PushedDocument second = good.documents().get(1);
    PushedExchange exchange = new PushedExchange(good.exchangeId(), good.sender(), good.recipient(),
        good.metadataMediaType(), good.metadataDocument(), List.of(good.documents().get(0), new PushedDocument(
            second.name(), second.mediaType(), second.size(), good.documents().get(0).sha256Hex(), second.file())));
    Path folder = dir.resolve("agency");
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, folder).start()) {
      GatewayException e = assertThrows(GatewayException.class, () -> client.push(endpoint(agency), exchange, CODES));
      assertEquals(ReasonCode.DELIVERY_REFUSED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("reason DIGEST_MISMATCH"), e.getMessage());
    }
    assertEquals(List.of(), PushFixture.filesUnder(folder));
  }
}
