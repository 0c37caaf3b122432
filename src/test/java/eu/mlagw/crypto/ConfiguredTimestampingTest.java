package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample configuration with a {@code timestamping:} section: the signers the gateway builds (GatewayKeys.signer:
 * package seals, evidences, checkpoints) carry the configured TSA's timestamp; with the TSA down, signing fails with
 * the retryable TSA_UNAVAILABLE instead of producing an untimestamped seal.
 */
class ConfiguredTimestampingTest {
  @TempDir Path dir;

  private GatewayConfig sampleConfigWithTsa(String url) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    for (String f : List.of("gateway.yaml", "participants.yaml")) {
      Files.copy(Path.of("config").resolve(f), config.resolve(f));
    }
    Files.createSymbolicLink(dir.resolve("certs-sample"), Path.of("certs-sample").toAbsolutePath());
    Files.writeString(config.resolve("gateway.yaml"), "\ntimestamping:\n  url: " + url + "\n"
        + "  trustAnchor: ../certs-sample/ca/root-ca.pem\n  timeout: 2s\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    return new ConfigLoader().load(config);
  }

  /** A TSA certificate from the sample issuing CA (DEMO ONLY keys, so the sample trust covers it). */
  private static Credential sampleTsa() throws Exception {
    char[] password = Files.readString(Path.of("certs-sample/keystore-password.txt")).strip().toCharArray();
    Credential issuing = KeyStoreFiles.readCredential(Path.of("certs-sample/ca/issuing-ca.p12"), password);
    return CertificateAuthority.of(issuing, new SecureRandom()).issue(CertificateRole.TIME_STAMPING,
        "CN=Sample TSA,O=MLA Gateway Tests", KeyKind.RSA_3072, Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(30)), List.of());
  }

  @Test
  void gatewaySignersCarryTheConfiguredTsasTimestamp() throws Exception {
    try (TimeStampServer tsa = TimeStampServer.start(new TimeStampAuthority(sampleTsa(), Clock.systemUTC()),
        "127.0.0.1", 0)) {
      GatewayKeys keys = new GatewayKeys(sampleConfigWithTsa(tsa.url().toString()), Map.of());
      assertEquals(tsa.url().toString(), keys.timestampSource().orElseThrow());
      byte[] evidence = keys.signer(keys.gatewaySeal()).signEncapsulating("<e/>".getBytes(StandardCharsets.UTF_8),
          Instant.now());
      VerifiedSignature v = new DetachedSignatureVerifier(keys.trustPolicy()).verifyEncapsulated(evidence, Instant.now())
          .signature();
      assertEquals("B-T", v.level());
    }
  }

  @Test
  void withTheTsaDownNothingIsSealed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GatewayKeys keys = new GatewayKeys(sampleConfigWithTsa("http://127.0.0.1:" + port + "/tsa"), Map.of());
    GatewayException e = assertThrows(GatewayException.class,
        () -> keys.signer(keys.gatewaySeal()).sign(new byte[] {1}, Instant.now()));
    assertEquals(ReasonCode.TSA_UNAVAILABLE, e.reason());
  }
}
