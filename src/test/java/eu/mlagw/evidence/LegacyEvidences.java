package eu.mlagw.evidence;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.error.GatewayException;
import java.time.Instant;
import java.util.Optional;

/**
 * Evidences in the format gateways issued before REM ({@code urn:mlagw:evidence:1}), as they lie in
 * deployed sent/ folders: for tests that these still verify.
 */
public final class LegacyEvidences {
  private LegacyEvidences() {}

  /** {@code e} in the old format. */
  public static byte[] xml(Evidence e) {
    return e.toLegacyXml();
  }

  /** An old-format evidence of {@code type} issued by {@code gatewayId}, sealed by {@code seal}. */
  public static byte[] signed(DetachedSigner seal, String gatewayId, EvidenceType type, String exchangeId,
      Instant time, String reasonCode) throws GatewayException {
    Evidence e = new Evidence("0190c0de-0000-7000-8000-00000000e01d", type, exchangeId, "AL-PG-TIRANA",
        "RS-HC-BELGRADE", gatewayId, time, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        Optional.ofNullable(reasonCode), "issued before REM evidences");
    return seal.signEncapsulating(e.toLegacyXml(), time);
  }
}
