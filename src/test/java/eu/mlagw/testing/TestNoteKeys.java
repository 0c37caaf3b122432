package eu.mlagw.testing;

import eu.mlagw.audit.Checkpoint;
import eu.mlagw.crypto.NoteSigner;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Ed25519 note keys of test gateways, made in the test (one per gateway id per JVM). */
public final class TestNoteKeys {
  private static final Map<String, NoteSigner> KEYS = new ConcurrentHashMap<>();

  private TestNoteKeys() {}

  /** The note key of gateway {@code gatewayId}, named {@link Checkpoint#originOf}(gatewayId). */
  public static NoteSigner of(String gatewayId) {
    return KEYS.computeIfAbsent(gatewayId, id -> NoteSigner.generate(Checkpoint.originOf(id), new SecureRandom()));
  }
}
