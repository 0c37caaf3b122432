package eu.mlagw.audit;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records what an auditor did (query, export, verify) as an audit event of its own, with who,
 * what (the filter) and the stated purpose, as Directive (EU) 2016/680 Art. 25 asks of logs of
 * consultation and disclosure. The time is the event's time. Immutable.
 *
 * @param auditor who (a name or account the auditor is known by)
 * @param purpose why (e.g. the case or request the consultation serves)
 */
public record AuditorAction(String auditor, String purpose) {
  /**
   * @throws GatewayException INPUT_INVALID when who or why is missing
   */
  public static AuditorAction of(String auditor, String purpose) throws GatewayException {
    if (auditor == null || auditor.isBlank()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "who is consulting the audit log is not stated; give "
          + "--auditor NAME (or set MLAGW_AUDITOR): every consultation is itself recorded (Directive (EU) 2016/680 Art. 25)");
    }
    if (purpose == null || purpose.isBlank()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the purpose of consulting the audit log is not stated; "
          + "give --purpose TEXT (e.g. \"court order 12/2026\"): it is recorded with the consultation "
          + "(Directive (EU) 2016/680 Art. 25)");
    }
    return new AuditorAction(auditor.strip(), purpose.strip());
  }

  /** Appends the event recording this action of {@code type} with {@code what} (filter, outcome). */
  public AuditEvent record(AuditTrail trail, AuditEventType type, String exchangeId, Map<String, String> what) {
    Map<String, String> details = new LinkedHashMap<>(what);
    details.put("auditor", auditor);
    details.put("purpose", purpose);
    return trail.append(AuditRecord.of(type, exchangeId).withDetails(details));
  }
}
