package eu.mlagw.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code alerts:} settings of gateway.yaml: when the node's alert checker raises an alert and
 * whom it tells. Every key is optional; absent, the thresholds below apply and alerts are logged
 * (one WARN line each) and counted ({@code mlagw_alerts_active}) but not mailed. Immutable.
 *
 * @param email where alert e-mails go (the IT address); empty: none sent
 * @param smtp the SMTP server for those e-mails; present whenever {@code email} is
 * @param certificateDays a configured certificate or CRL that expires (CRL: whose next update is
 *     due) within this many days raises an alert (default 30)
 * @param peerUnreachableFor a peer gateway unreachable for longer than this raises an alert (default 15m)
 * @param checkpointIntervals the newest audit checkpoint older than this many checkpoint intervals,
 *     with events it does not cover, raises an alert (default 3)
 * @param deadlineWithin an exchange still being retried whose delivery deadline is nearer than this
 *     raises an alert (default 1h)
 * @param checkEvery how often the checker looks, and how often peers are probed (default 1m)
 */
public record AlertSettings(List<String> email, Optional<SmtpSettings> smtp, int certificateDays,
    Duration peerUnreachableFor, int checkpointIntervals, Duration deadlineWithin, Duration checkEvery) {
  public static final AlertSettings DEFAULTS = new AlertSettings(List.of(), Optional.empty(), 30,
      Duration.ofMinutes(15), 3, Duration.ofHours(1), Duration.ofMinutes(1));

  public AlertSettings {
    email = List.copyOf(email);
  }
}
