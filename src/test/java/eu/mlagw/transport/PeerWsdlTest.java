package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.Credential;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped WSDL is the contract: a running gateway publishes the same, and a client built from it works. */
class PeerWsdlTest {
  private static final String SHIPPED = "/wsdl/mlagw-peer-1.wsdl";
  private static PeerFixture f;
  @TempDir Path dir;

  @BeforeAll
  static void pki() {
    f = PeerFixture.shared();
  }

  @Test
  void thePublishedWsdlIsEquivalentToTheShippedOne() throws Exception {
    List<String> shipped;
    try (InputStream in = PeerWsdlTest.class.getResourceAsStream(SHIPPED)) {
      shipped = WsdlSignature.of(in);
    }
    try (PeerServer server = f.server((m, p, peer) -> null, dir).start()) {
      List<String> published;
      try (InputStream in = wsdl(server, f.senderTls)) {
        published = WsdlSignature.of(in);
      }
      assertEquals(String.join("\n", shipped), String.join("\n", published));
      assertTrue(shipped.contains("targetNamespace urn:mlagw:peer:1"), shipped.toString());
      assertTrue(shipped.stream().anyMatch(l -> l.startsWith("portType PeerGateway operation deliver ")), shipped.toString());
    }
  }

  @Test
  void theWsdlIsServedOnlyToConfiguredPeers() throws Exception {
    try (PeerServer server = f.server((m, p, peer) -> null, dir).start()) {
      IOException e = assertThrows(IOException.class, () -> wsdl(server, f.strangerTls).close());
      assertTrue(e.getMessage().contains("500"), e.getMessage());
    }
  }

  @Test
  void aClientBuiltFromTheShippedWsdlDelivers() throws Exception {
    Path file = Files.write(dir.resolve("package.p7m"), new byte[] {1, 2, 3, 4, 5});
    TransferMetadata metadata = TransferMetadata.forFile("ex-w", "PO-A", "PO-B", "gw-a", file);
    AtomicInteger calls = new AtomicInteger();
    try (PeerServer server = f.server((m, p, peer) -> {
      calls.incrementAndGet();
      return null;
    }, dir).start()) {
      // As a partner would: the contract from the file, only the address from configuration.
      JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
      factory.setWsdlURL(PeerWsdlTest.class.getResource(SHIPPED).toString());
      factory.setServiceName(PeerProtocol.SERVICE);
      factory.setEndpointName(PeerProtocol.PORT);
      factory.setServiceClass(PeerGateway.class);
      factory.setAddress(server.url().toString());
      factory.setProperties(Map.of("mtom-enabled", Boolean.TRUE));
      PeerGateway port = factory.create(PeerGateway.class);
      HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
      TLSClientParameters tls = new TLSClientParameters();
      tls.setSslContext(f.sslContext(f.senderTls));
      conduit.setTlsClientParameters(tls);

      TransferReceipt receipt = port.deliver(metadata.toWire(new DataHandler(new FileDataSource(file.toFile()))));

      assertTrue(receipt.isAccepted(), receipt.toString());
      ClientProxy.getClient(port).destroy();
    }
    assertEquals(1, calls.get());
  }

  private static InputStream wsdl(PeerServer server, Credential tls) throws Exception {
    HttpsURLConnection c = (HttpsURLConnection) new URL(server.url() + "?wsdl").openConnection();
    c.setSSLSocketFactory(f.sslContext(tls).getSocketFactory());
    return c.getInputStream();
  }
}
