package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped agency WSDL is the contract: the simulator (CXF, from the SEI) publishes the same. */
class AgencyWsdlTest {
  private static final String SHIPPED = "/wsdl/mlagw-agency-1.wsdl";
  @TempDir Path dir;

  @Test
  void thePublishedWsdlIsEquivalentToTheShippedOne() throws Exception {
    PeerFixture f = PeerFixture.shared();
    try (AgencyEndpointSimulator agency = PushFixture.agency(f, dir.resolve("agency")).start()) {
      HttpsURLConnection c = (HttpsURLConnection) new URL(agency.url() + "?wsdl").openConnection();
      c.setSSLSocketFactory(f.sslContext(f.senderTls).getSocketFactory());
      byte[] published;
      try (InputStream in = c.getInputStream()) {
        published = in.readAllBytes();
      }
      // For a deliberate contract change: copy this file over src/main/resources/wsdl/mlagw-agency-1.wsdl.
      Files.write(Path.of("target", "mlagw-agency-1.published.wsdl"), published);
      List<String> shipped;
      try (InputStream in = AgencyWsdlTest.class.getResourceAsStream(SHIPPED)) {
        assertTrue(in != null, "the WSDL " + SHIPPED + " is not shipped");
        shipped = WsdlSignature.of(in);
      }
      List<String> live = WsdlSignature.of(new java.io.ByteArrayInputStream(published));
      assertEquals(String.join("\n", shipped), String.join("\n", live));
      assertTrue(shipped.contains("targetNamespace urn:mlagw:agency:1"), shipped.toString());
      assertTrue(shipped.stream().anyMatch(l -> l.startsWith("portType AgencyInbox operation deliver ")), shipped.toString());
      assertTrue(shipped.stream().anyMatch(l -> l.contains("content:{http://www.w3.org/2001/XMLSchema}base64Binary[1..1]"
          + "(mime application/octet-stream)")), shipped.toString());
    }
  }
}
