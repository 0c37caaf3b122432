package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.testing.HostileEnvelopes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlagw package inspect} and {@code open} of nested BER: MALFORMED within seconds, no raw
 * StackOverflowError and no wait on a dead read-ahead thread (a hang fails the test).
 */
class HostileEnvelopeCliTest {
  @TempDir static Path home;
  static Path config;
  static byte[] genuine;

  @BeforeAll
  static void sealOne() throws Exception {
    CliTest.Run init = CliTest.mlagw("pki", "init", "--out", home.resolve("pki").toString(), "--participants",
        "AL-PG-TIRANA,RS-HC-BELGRADE", "--gateways", "gw-al", "--key-algorithm", "ec");
    assertEquals(0, init.code(), init.err());
    config = Files.createDirectories(home.resolve("config"));
    CliTest.writeConfig(config, "file: ../pki/keystore-password.txt");
    Path docs = Files.createDirectories(home.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "a");
    Path p7m = home.resolve("genuine.p7m");
    CliTest.Run seal = CliTest.mlagw("package", "seal", "--config", config.toString(), "--from", docs.toString(),
        "--sender", "AL-PG-TIRANA", "--to", "RS-HC-BELGRADE", "--out", p7m.toString());
    assertEquals(0, seal.code(), seal.err());
    genuine = Files.readAllBytes(p7m);
  }

  private void refused(String name, UnaryOperator<byte[]> attack, String part) throws Exception {
    Path hostile = Files.write(home.resolve(name + ".p7m"), attack.apply(genuine));
    CliTest.Run inspect = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> CliTest.mlagw("package", "inspect", hostile.toString()));
    assertEquals(1, inspect.code());
    assertTrue(inspect.err().startsWith("ERROR MALFORMED:") && inspect.err().contains(part), inspect.err());
    assertFalse(inspect.err().contains("StackOverflowError"), inspect.err());

    Path out = home.resolve(name + "-opened");
    CliTest.Run open = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CliTest.mlagw("package", "open",
        hostile.toString(), "--config", config.toString(), "--as", "RS-HC-BELGRADE", "--out", out.toString()));
    assertEquals(1, open.code());
    assertTrue(open.err().startsWith("ERROR MALFORMED:") && open.err().contains(part), open.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void nestedBerInRecipientInfos() throws Exception {
    refused("nested-ber-in-recipient-infos", HostileEnvelopes::nestedBerInRecipientInfos, "recipientInfos");
  }

  @Test
  void nestedBerInOriginatorInfo() throws Exception {
    refused("nested-ber-in-originator-info", HostileEnvelopes::nestedBerInOriginatorInfo, "originatorInfo");
  }
}
