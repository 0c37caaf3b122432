package eu.mlagw.audit;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import java.util.List;

/**
 * The checkpoint signer and verifier of a gateway from its key material, wired in one place: the
 * seal (CMS) and the note key named {@link Checkpoint#originOf}(gateway id).
 */
public final class GatewayCheckpointKeys {
  private GatewayCheckpointKeys() {}

  /** Signs the gateway's checkpoints with its seal and note key. */
  public static CheckpointSigner signer(GatewayKeys keys, String gatewayId) throws GatewayException {
    return new CheckpointSigner(keys.signer(keys.gatewaySeal()),
        keys.gatewayNoteKey(Checkpoint.originOf(gatewayId)));
  }

  /** Verifies the gateway's checkpoints against its seal certificate and note key. */
  public static CheckpointVerifier verifier(GatewayKeys keys, String gatewayId) throws GatewayException {
    return new CheckpointVerifier(keys.trustPolicy(), List.of(keys.gatewaySeal().certificate()),
        keys.gatewayNoteKey(Checkpoint.originOf(gatewayId)).verifierKey());
  }
}
