package eu.mlagw.crypto;

import java.time.Instant;
import java.util.Objects;

/**
 * The time at which a signer's certificate path is validated, and where that time comes from.
 *
 * <p>The rule: <b>a signing time claimed by the signer is never a validation time.</b> The
 * signing-time attribute is written by whoever holds the key, so trusting it would let a leaked
 * old key seal "in the past" forever. A certificate must be valid (and not revoked) at a time the
 * signer cannot forge: the verifying gateway's own reception time ({@link #receivedAt}), a time the
 * verifier recorded itself earlier ({@link #recorded}), or else the verifier's clock now
 * ({@link #now}). A trusted timestamp (RFC 3161) is meant to become another source here.
 *
 * @param at the validation time
 * @param source a human-readable name of where {@code at} comes from, for reports
 * @param now the verifier's clock, for CRL freshness and the future-signing-time check
 */
public record ValidationTime(Instant at, String source, Instant now) {
  public ValidationTime {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(now, "now");
  }

  /** Validation at the verifier's current time (offline re-verification without a recorded time). */
  public static ValidationTime now(Instant now) {
    return new ValidationTime(now, "now (the verifier's clock)", now);
  }

  /** Validation at the time this gateway itself received the signed object (its own clock). */
  public static ValidationTime receivedAt(Instant received, Instant now) {
    return new ValidationTime(received, "reception by this gateway (its own clock)", now);
  }

  /**
   * Validation at a time the verifier recorded itself (e.g. its own status file or audit event of the
   * reception), never one read from the signed object.
   */
  public static ValidationTime recorded(Instant at, String recordedBy, Instant now) {
    return new ValidationTime(at, "recorded by the verifier (" + recordedBy + ")", now);
  }
}
