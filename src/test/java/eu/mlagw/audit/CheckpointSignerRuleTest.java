package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints are sealed by the gateway's evidence seal, so they follow the evidence-issuer rule:
 * a seal without the gateway-seal key purpose cannot sign one, even where the verifier has no
 * configured seal to pin (an offline proof bundle, whose signer is pinned only by its root).
 */
class CheckpointSignerRuleTest {
  private static final Credential OFFICE = AuditFixture.PKI.participant("AL-PG-TIRANA", KeyKind.EC_P256).seal();

  private static byte[] checkpoint(Credential seal) throws GatewayException {
    return new CheckpointSigner(new DetachedSigner(seal), eu.mlagw.testing.TestNoteKeys.of(AuditFixture.GATEWAY)).sign(new Checkpoint(Checkpoint.originOf(AuditFixture.GATEWAY), 1, new byte[32],
        Instant.now().truncatedTo(ChronoUnit.SECONDS)));
  }

  @Test
  void checkpointSignedByAnOfficeSealInAnOfflineBundle() throws Exception {
    byte[] forged = checkpoint(OFFICE);
    GatewayException e = assertThrows(GatewayException.class,
        () -> new CheckpointVerifier(AuditFixture.TRUST, List.of(), eu.mlagw.testing.TestNoteKeys.of(AuditFixture.GATEWAY).verifierKey()).verify(forged, Instant.now()));
    assertEquals(ReasonCode.AUDIT_TAMPERED, e.reason(), e.toString());
    assertTrue(e.getMessage().contains("gateway-seal key purpose"), e.getMessage());
  }

  @Test
  void checkpointSignedByTheGatewaySealVerifies() throws Exception {
    new CheckpointVerifier(AuditFixture.TRUST, List.of(), eu.mlagw.testing.TestNoteKeys.of(AuditFixture.GATEWAY).verifierKey()).verify(checkpoint(AuditFixture.SEAL), Instant.now());
  }
}
