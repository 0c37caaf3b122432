package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer protocol end to end: real TLS, real CXF and Undertow, loopback ports. */
class PeerTransferTest {
  private static PeerFixture f;
  @TempDir Path dir;

  /** What the receiver saw of one call; the file content is copied because the server deletes it. */
  record Received(TransferMetadata metadata, byte[] content, String peer, Path tempFile) {}

  @BeforeAll
  static void pki() {
    f = PeerFixture.shared();
  }

  @Test
  void aPackageOfAFewMegabytesArrivesByteIdenticalWithItsMetadata() throws Exception {
    byte[] content = randomBytes(5 << 20);
    Path file = Files.write(dir.resolve("package.p7m"), content);
    List<Received> received = new CopyOnWriteArrayList<>();
    Path temp = Files.createDirectories(dir.resolve("server-tmp"));
    TransferMetadata metadata = TransferMetadata.forFile("ex-1", "PO-A", "PO-B", "gw-a", file);
    try (PeerServer server = f.server(recording(received), temp).start();
        PeerClient client = f.client(f.senderTls)) {
      TransferReceipt receipt = client.send(f.endpoint(server), metadata, file);

      assertTrue(receipt.isAccepted(), receipt.toString());
      assertNull(receipt.getReasonCode());
      assertEquals("ex-1", receipt.getExchangeId());
      assertEquals("gw-b", receipt.getReceivingGateway());
    }
    assertEquals(1, received.size());
    assertEquals(metadata, received.get(0).metadata());
    assertEquals("gw-a", received.get(0).peer());
    assertArrayEquals(content, received.get(0).content());
    assertFalse(Files.exists(received.get(0).tempFile()), "the temp file is deleted after the receiver returns");
    try (var left = Files.list(temp)) {
      assertEquals(0, left.count(), "nothing left in the server's temp folder");
    }
  }

  @Test
  void aClientWhoseCertificateTheServerDoesNotExpectIsRefusedAndTheReceiverNeverCalled() throws Exception {
    // Larger than the socket buffers: the server refuses before reading it and must still answer.
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(4 << 20));
    TransferMetadata metadata = TransferMetadata.forFile("ex-2", "PO-A", "PO-B", "gw-a", file);
    AtomicInteger calls = new AtomicInteger();
    try (PeerServer server = f.server(counting(calls), dir).start();
        PeerClient stranger = f.client(f.strangerTls)) {
      GatewayException e = assertThrows(GatewayException.class,
          () -> stranger.send(f.endpoint(server), metadata, file));

      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("CN=gw-x"), e.getMessage());
    }
    assertEquals(0, calls.get());
  }

  @Test
  void aClientFromAnUntrustedPkiIsRefusedInTheHandshake() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(3 << 20));
    TransferMetadata metadata = TransferMetadata.forFile("ex-3", "PO-A", "PO-B", "gw-a", file);
    AtomicInteger calls = new AtomicInteger();
    try (PeerServer server = f.server(counting(calls), dir).start();
        PeerClient outsider = f.client(f.outsiderTls)) {
      GatewayException e = assertThrows(GatewayException.class,
          () -> outsider.send(f.endpoint(server), metadata, file));

      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("did not accept our TLS certificate"), e.getMessage());
    }
    assertEquals(0, calls.get());
  }

  @Test
  void aServerPresentingAnotherCertificateThanThePinnedOneGetsNothing() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (PeerServer server = f.server(counting(calls), dir).start();
        PeerClient client = f.client(f.senderTls)) {
      // The server's certificate chains to a trusted root, but gw-b is pinned to another one.
      PeerEndpoint pinnedElsewhere = f.endpoint(server, f.strangerTls.certificate());
      // Below and above CXF's chunking threshold: the request is written at close or while streaming.
      for (int size : new int[] {10, 100_000}) {
        Path file = Files.write(dir.resolve("package-" + size), randomBytes(size));
        TransferMetadata metadata = TransferMetadata.forFile("ex-4", "PO-A", "PO-B", "gw-a", file);
        GatewayException e = assertThrows(GatewayException.class, () -> client.send(pinnedElsewhere, metadata, file));

        assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.toString());
        assertTrue(e.getMessage().contains("presented subject 'CN=gw-b'"), e.getMessage());
        assertTrue(e.getMessage().contains("is subject 'CN=gw-x'"), e.getMessage());
        assertTrue(e.getMessage().contains(Certificates.fingerprint(f.receiverTls.certificate())), e.getMessage());
      }
    }
    assertEquals(0, calls.get());
  }

  @Test
  void aServerWhoseChainLeadsToNoTrustedRootIsRefused() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-5", "PO-A", "PO-B", "gw-a", file);
    AtomicInteger calls = new AtomicInteger();
    try (PeerServer server = f.server(counting(calls), dir).tlsCredential(f.outsiderTls).start();
        PeerClient client = f.client(f.senderTls)) {
      GatewayException e = assertThrows(GatewayException.class,
          () -> client.send(f.endpoint(server, f.outsiderTls.certificate()), metadata, file));

      assertEquals(ReasonCode.PEER_UNTRUSTED, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("is not trusted"), e.getMessage());
    }
    assertEquals(0, calls.get());
  }

  @Test
  void aPackageWhoseSha256DiffersFromTheDeclaredOneIsNotAccepted() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(200_000));
    TransferMetadata honest = TransferMetadata.forFile("ex-6", "PO-A", "PO-B", "gw-a", file);
    TransferMetadata wrongDigest = new TransferMetadata("ex-6", "PO-A", "PO-B", "gw-a",
        "00" + honest.packageSha256().substring(2), honest.packageSize());
    AtomicInteger calls = new AtomicInteger();
    Path temp = Files.createDirectories(dir.resolve("server-tmp"));
    try (PeerServer server = f.server(counting(calls), temp).start();
        PeerClient client = f.client(f.senderTls)) {
      TransferReceipt receipt = client.send(f.endpoint(server), wrongDigest, file);

      assertFalse(receipt.isAccepted());
      assertEquals("ENVELOPE_TAMPERED", receipt.getReasonCode());
      assertTrue(receipt.getMessage().contains(honest.packageSha256()), receipt.getMessage());
    }
    assertEquals(0, calls.get());
    try (var left = Files.list(temp)) {
      assertEquals(0, left.count(), "a refused package leaves no temp file");
    }
  }

  @Test
  void aPackageLongerOrShorterThanDeclaredIsMalformed() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(200_000));
    TransferMetadata honest = TransferMetadata.forFile("ex-7", "PO-A", "PO-B", "gw-a", file);
    AtomicInteger calls = new AtomicInteger();
    try (PeerServer server = f.server(counting(calls), dir).start();
        PeerClient client = f.client(f.senderTls)) {
      for (long declared : new long[] {honest.packageSize() - 1, honest.packageSize() + 1}) {
        TransferMetadata lie = new TransferMetadata("ex-7", "PO-A", "PO-B", "gw-a", honest.packageSha256(), declared);
        TransferReceipt receipt = client.send(f.endpoint(server), lie, file);

        assertFalse(receipt.isAccepted());
        assertEquals("MALFORMED", receipt.getReasonCode(), receipt.toString());
      }
    }
    assertEquals(0, calls.get());
  }

  @Test
  void aTransferInTheNameOfAnotherGatewayIsRefused() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata impersonating = TransferMetadata.forFile("ex-8", "PO-A", "PO-B", "gw-c", file);
    AtomicInteger calls = new AtomicInteger();
    try (PeerServer server = f.server(counting(calls), dir).start();
        PeerClient client = f.client(f.senderTls)) {
      TransferReceipt receipt = client.send(f.endpoint(server), impersonating, file);

      assertFalse(receipt.isAccepted());
      assertEquals("PEER_UNTRUSTED", receipt.getReasonCode());
      assertTrue(receipt.getMessage().contains("'gw-c'"), receipt.getMessage());
    }
    assertEquals(0, calls.get());
  }

  @Test
  void aPeerThatIsDownIsUnreachable() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-9", "PO-A", "PO-B", "gw-a", file);
    PeerEndpoint down = new PeerEndpoint("gw-b", java.net.URI.create("https://127.0.0.1:" + PeerFixture.freePort()
        + "/mlagw/peer"), f.receiverTls.certificate());
    try (PeerClient client = f.client(f.senderTls)) {
      GatewayException e = assertThrows(GatewayException.class, () -> client.send(down, metadata, file));

      assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("gw-b"), e.getMessage());
    }
  }

  @Test
  void aPeerThatDoesNotAnswerInTimeIsUnreachable() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-13", "PO-A", "PO-B", "gw-a", file);
    PackageReceiver slow = (m, p, peer) -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    };
    try (PeerServer server = f.server(slow, dir).start();
        PeerClient impatient = PeerClient.builder().tlsCredential(f.senderTls)
            .trustedRoots(List.of(f.pki.rootCertificate())).receiveTimeout(java.time.Duration.ofMillis(500)).build()) {
      GatewayException e = assertThrows(GatewayException.class,
          () -> impatient.send(f.endpoint(server), metadata, file));

      assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("no answer within the receive timeout"), e.getMessage());
    }
  }

  @Test
  void aReceiverThatFailsUnexpectedlyMakesTheTransferRetryable() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-14", "PO-A", "PO-B", "gw-a", file);
    PackageReceiver broken = (m, p, peer) -> {
      throw new IllegalStateException("inbox store is down");
    };
    try (PeerServer server = f.server(broken, dir).start();
        PeerClient client = f.client(f.senderTls)) {
      GatewayException e = assertThrows(GatewayException.class, () -> client.send(f.endpoint(server), metadata, file));

      assertEquals(ReasonCode.PEER_UNREACHABLE, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("failed to process exchange ex-14"), e.getMessage());
      assertFalse(e.getMessage().contains("inbox store"), "internal details stay in the peer's log: " + e.getMessage());
    }
  }

  @Test
  void aWrongPathIsAConfigurationError() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-10", "PO-A", "PO-B", "gw-a", file);
    try (PeerServer server = f.server(counting(new AtomicInteger()), dir).start();
        PeerClient client = f.client(f.senderTls)) {
      PeerEndpoint wrongPath = new PeerEndpoint("gw-b", server.url().resolve("/mlagw/other"),
          f.receiverTls.certificate());
      GatewayException e = assertThrows(GatewayException.class, () -> client.send(wrongPath, metadata, file));

      assertEquals(ReasonCode.CONFIG_INVALID, e.reason(), e.toString());
    }
  }

  @Test
  void theReceiversRefusalComesBackAsAReceiptWithItsReasonCode() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(50_000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-11", "PO-A", "PO-Z", "gw-a", file);
    PackageReceiver refusing = (m, p, peer) -> {
      throw new GatewayException(ReasonCode.PARTICIPANT_UNKNOWN, "participant " + m.recipientParticipant()
          + " is not hosted by gateway gw-b");
    };
    try (PeerServer server = f.server(refusing, dir).start();
        PeerClient client = f.client(f.senderTls)) {
      TransferReceipt receipt = client.send(f.endpoint(server), metadata, file);

      assertFalse(receipt.isAccepted());
      assertEquals("PARTICIPANT_UNKNOWN", receipt.getReasonCode());
      assertEquals("participant PO-Z is not hosted by gateway gw-b", receipt.getMessage());
      assertEquals("ex-11", receipt.getExchangeId());
      assertEquals("gw-b", receipt.getReceivingGateway());
    }
  }

  @Test
  void aClosedServerFreesItsPort() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-12", "PO-A", "PO-B", "gw-a", file);
    AtomicInteger calls = new AtomicInteger();
    PeerServer.Builder builder = f.server(counting(calls), dir);
    builder.start().close();
    try (PeerServer again = builder.start(); PeerClient client = f.client(f.senderTls)) {
      assertTrue(client.send(f.endpoint(again), metadata, file).isAccepted());
    }
    assertEquals(1, calls.get());
  }

  @Test
  void aSecondServerOnABusyPortFailsWithoutHarmingTheFirst() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), randomBytes(1000));
    TransferMetadata metadata = TransferMetadata.forFile("ex-15", "PO-A", "PO-B", "gw-a", file);
    PeerServer.Builder builder = f.server(counting(new AtomicInteger()), dir);
    try (PeerServer first = builder.start(); PeerClient client = f.client(f.senderTls)) {
      GatewayException e = assertThrows(GatewayException.class, builder::start);
      assertEquals(ReasonCode.CONFIG_INVALID, e.reason(), e.toString());

      assertTrue(client.send(f.endpoint(first), metadata, file).isAccepted());
    }
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(PeerFixture.HOST))) {
      GatewayException e = assertThrows(GatewayException.class,
          () -> f.server(counting(new AtomicInteger()), dir).listen(PeerFixture.HOST, taken.getLocalPort()).start());
      assertEquals(ReasonCode.CONFIG_INVALID, e.reason(), e.toString());
      assertTrue(e.getMessage().contains("port is free"), e.getMessage());
    }
  }

  private static PackageReceiver recording(List<Received> into) {
    return (metadata, file, peer) -> {
      try {
        into.add(new Received(metadata, Files.readAllBytes(file), peer, file));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return null;
    };
  }

  private static PackageReceiver counting(AtomicInteger calls) {
    return (metadata, file, peer) -> {
      calls.incrementAndGet();
      return null;
    };
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }
}
