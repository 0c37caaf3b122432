package eu.mlagw.crypto;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Registers Bouncy Castle as the <em>last</em> JCA provider. The JDK's providers stay first because
 * they are much faster for bulk work (AES-NI, SHA intrinsics); Bouncy Castle fills the gaps (e.g.
 * AlgorithmParameters for the AES-GCM OID, which SunJCE lacks). Idempotent and thread-safe.
 */
public final class CryptoProviders {
  private CryptoProviders() {}

  /** Ensures Bouncy Castle is available; returns its provider name. */
  public static synchronized String ensureInstalled() {
    Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (existing == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
    return BouncyCastleProvider.PROVIDER_NAME;
  }
}
