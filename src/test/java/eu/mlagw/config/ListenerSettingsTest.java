package eu.mlagw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listeners: section of gateway.yaml: defaults, values and every refusal. */
class ListenerSettingsTest {
  @TempDir Path dir;

  @Test
  void withoutTheSectionTheDefaultsApply() throws Exception {
    ListenerSettings s = load("").listeners();
    assertEquals(ListenerSettings.DEFAULTS, s);
    assertEquals(Duration.ofSeconds(30), s.readTimeout());
    assertEquals(Duration.ofSeconds(60), s.idleTimeout());
    assertEquals(1024, s.minDataRate());
    assertEquals(12, s.maxConcurrentPerClient());
    assertEquals(16, s.maxConcurrent());
  }

  @Test
  void everyKeyIsRead() throws Exception {
    ListenerSettings s = load("listeners:\n  readTimeout: 10s\n  idleTimeout: 2m\n  minDataRate: 4k\n"
        + "  maxConcurrentPerClient: 3\n  maxConcurrent: 9\n").listeners();
    assertEquals(new ListenerSettings(Duration.ofSeconds(10), Duration.ofMinutes(2), 4096, 3, 9), s);
    assertEquals(0, load("listeners:\n  minDataRate: 0\n").listeners().minDataRate(), "0 turns the rate check off");
    assertEquals(Duration.ofSeconds(60), load("listeners:\n  readTimeout: 5s\n").listeners().idleTimeout(),
        "absent keys keep their defaults");
  }

  @Test
  void refusalsNameTheKeyAndTheFix() throws Exception {
    refused("listeners:\n  readTimout: 5s\n", "listeners.readTimout is not a known setting; allowed here: "
        + "idleTimeout, maxConcurrent, maxConcurrentPerClient, minDataRate, readTimeout");
    refused("listeners:\n  readTimeout: 5\n", "listeners.readTimeout is '5'; write a positive number and a unit");
    refused("listeners:\n  idleTimeout: 0s\n", "listeners.idleTimeout is '0s'");
    refused("listeners:\n  minDataRate: fast\n", "listeners.minDataRate is 'fast'; write bytes per second");
    refused("listeners:\n  maxConcurrent: 0\n", "listeners.maxConcurrent is '0'; write a whole number from 1 to 10000");
    refused("listeners:\n  maxConcurrentPerClient: 2.5\n", "listeners.maxConcurrentPerClient is '2.5'");
    refused("listeners:\n  maxConcurrentPerClient: 40\n", "listeners.maxConcurrentPerClient is 40, more than "
        + "listeners.maxConcurrent (16)");
  }

  private void refused(String yaml, String expected) throws Exception {
    GatewayException e = assertThrows(GatewayException.class, () -> load(yaml), yaml);
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  private GatewayConfig load(String extra) throws Exception {
    String samples = Path.of("certs-sample").toAbsolutePath().normalize().toString();
    Files.writeString(dir.resolve("gateway.yaml"), Files.readString(Path.of("config/gateway.yaml"))
        .replace("../certs-sample", samples).replace("../demo/drop", "drop") + extra);
    Files.writeString(dir.resolve("participants.yaml"), Files.readString(Path.of("config/participants.yaml"))
        .replace("../certs-sample", samples));
    return new ConfigLoader().load(dir);
  }
}
