package eu.mlagw.cli;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditQuery;
import eu.mlagw.audit.AuditorAction;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** Options shared by the auditor commands: who and why (recorded), and the event filter. */
final class AuditOptions {
  private AuditOptions() {}

  /** {@code --auditor} and {@code --purpose}, both required (the auditor may come from MLAGW_AUDITOR). */
  static final class Who {
    @Option(names = "--auditor", paramLabel = "NAME", defaultValue = "${env:MLAGW_AUDITOR}",
        description = "Who is consulting the log (default: environment variable MLAGW_AUDITOR). Recorded.")
    String auditor;

    @Option(names = "--purpose", paramLabel = "TEXT", required = true,
        description = "Why (e.g. \"court order 12/2026\"). Required and recorded (Directive (EU) 2016/680 Art. 25).")
    String purpose;

    AuditorAction action() throws GatewayException {
      return AuditorAction.of(auditor, purpose);
    }
  }

  /** The criteria of {@code audit query} and {@code audit export}. */
  static final class Filter {
    @Option(names = "--exchange", paramLabel = "ID", description = "Events of this exchange.")
    String exchange;

    @Option(names = "--case", paramLabel = "REF", description = "Events carrying this case reference.")
    String caseReference;

    @Option(names = "--participant", paramLabel = "ID", description = "Events where this participant sends or receives.")
    String participant;

    @Option(names = "--type", paramLabel = "TYPE", description = "Events of this type (e.g. PACKAGE_DELIVERED).")
    String type;

    @Option(names = "--reason", paramLabel = "CODE", description = "Events with this reason code (e.g. SIGNATURE_INVALID).")
    String reason;

    @Option(names = "--from", paramLabel = "TIME", description = "Events at or after this time (2026-11-28 or 2026-11-28T10:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Events before this time (a date means its start, UTC).")
    String to;

    @Option(names = "--person", paramLabel = "NAME", description = "Events naming this person (any script; case and accents ignored).")
    String person;

    AuditQuery query() throws GatewayException {
      AuditEventType t = null;
      if (type != null) {
        try {
          t = AuditEventType.valueOf(type.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new GatewayException(ReasonCode.INPUT_INVALID, "--type " + type + " is not an event type; allowed: "
              + java.util.Arrays.toString(AuditEventType.values()));
        }
      }
      ReasonCode r = null;
      if (reason != null) {
        try {
          r = ReasonCode.valueOf(reason.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new GatewayException(ReasonCode.INPUT_INVALID, "--reason " + reason + " is not a reason code; see "
              + "\"Reason codes\" in docs/it-staff.md");
        }
      }
      return new AuditQuery(exchange, caseReference, participant, t, r, time("--from", from), time("--to", to), person);
    }

    private static Instant time(String option, String value) throws GatewayException {
      if (value == null) {
        return null;
      }
      try {
        return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, option + " " + value + " is not a time; give a date "
            + "(2026-11-28) or an instant in UTC (2026-11-28T10:00:00Z)");
      }
    }
  }
}
