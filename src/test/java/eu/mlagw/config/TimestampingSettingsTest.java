package eu.mlagw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gateway.yaml timestamping:: off when absent, every key read, every mistake named with its fix. */
class TimestampingSettingsTest {
  @TempDir Path dir;

  private Optional<TimestampingSettings> read(String yaml) throws Exception {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.isEmpty() ? "{}" : yaml);
    return TimestampingSettings.read(root.path("timestamping"), dir, dir.resolve("gateway.yaml"));
  }

  private void refused(String yaml, String expected) {
    GatewayException e = assertThrows(GatewayException.class, () -> read(yaml));
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void absentMeansNoTimestamps() throws Exception {
    assertEquals(Optional.empty(), read(""));
  }

  @Test
  void everyKeyIsRead() throws Exception {
    Files.writeString(dir.resolve("root.pem"), "x");
    TimestampingSettings s = read("timestamping: {url: 'http://tsa.example:3180/tsa', trustAnchor: root.pem, "
        + "timeout: 500ms}\n").orElseThrow();
    assertEquals(URI.create("http://tsa.example:3180/tsa"), s.url());
    assertEquals(dir.resolve("root.pem"), s.trustAnchor());
    assertEquals(Duration.ofMillis(500), s.timeout());
    assertEquals(TimestampingSettings.DEFAULT_TIMEOUT,
        read("timestamping: {url: 'https://tsa.example/', trustAnchor: root.pem}\n").orElseThrow().timeout());
  }

  @Test
  void mistakesAreNamedWithTheirFix() throws Exception {
    Files.writeString(dir.resolve("root.pem"), "x");
    refused("timestamping: {url: 'ftp://tsa.example/', trustAnchor: root.pem}\n", "timestamping.url is 'ftp://tsa.example/'");
    refused("timestamping: {trustAnchor: root.pem}\n", "timestamping.url is ''");
    refused("timestamping: {url: 'http://tsa.example/'}\n", "timestamping.trustAnchor is missing");
    refused("timestamping: {url: 'http://tsa.example/', trustAnchor: nope.pem}\n", "which does not exist");
    refused("timestamping: {url: 'http://tsa.example/', trustAnchor: root.pem, timeout: 0s}\n",
        "timestamping.timeout is '0s'");
    refused("timestamping: {url: 'http://tsa.example/', trustAnchor: root.pem, policy: x}\n",
        "timestamping.policy is not a known key");
    refused("timestamping: http://tsa.example/\n", "timestamping must be a mapping");
  }
}
