package eu.mlagw.audit;

import eu.mlagw.error.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a route step (or a command) asks the audit trail to record: everything of an event except
 * what the trail adds itself (sequence number, time, node, gateway). Never document content, never
 * secrets: only identifiers, digests, reason codes and short details.
 *
 * <p>Null rules: {@code type} is required; the other fields may be null (lists and maps empty).
 *
 * @param type what happened
 * @param exchangeId the exchange it concerns, or null (configuration loads, auditor queries)
 * @param caseReferences the sender's and/or recipient's case references
 * @param sender the sender participant id
 * @param recipient the recipient participant id
 * @param packageDigest SHA-256 of the sealed package (lower-case hex), when known
 * @param reasonCode why a step failed, or null
 * @param persons names of persons concerned as searchable forms (original, Latin, Cyrillic,
 *     ASCII), so an auditor can find an exchange however a name was typed
 * @param details short key/value facts (peer, attempt, evidence type, actor, purpose, ...)
 */
public record AuditRecord(
    AuditEventType type,
    String exchangeId,
    List<String> caseReferences,
    String sender,
    String recipient,
    String packageDigest,
    ReasonCode reasonCode,
    List<String> persons,
    Map<String, String> details) {

  public AuditRecord {
    Objects.requireNonNull(type, "type");
    caseReferences = caseReferences == null ? List.of() : List.copyOf(caseReferences);
    persons = persons == null ? List.of() : List.copyOf(persons);
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** A record of {@code type} for {@code exchangeId}; add the rest with the {@code with...} methods. */
  public static AuditRecord of(AuditEventType type, String exchangeId) {
    return new AuditRecord(type, exchangeId, null, null, null, null, null, null, null);
  }

  public AuditRecord withParties(String sender, String recipient) {
    return new AuditRecord(type, exchangeId, caseReferences, sender, recipient, packageDigest, reasonCode, persons, details);
  }

  public AuditRecord withCaseReferences(List<String> references) {
    return new AuditRecord(type, exchangeId, references, sender, recipient, packageDigest, reasonCode, persons, details);
  }

  public AuditRecord withPackageDigest(String digest) {
    return new AuditRecord(type, exchangeId, caseReferences, sender, recipient, digest, reasonCode, persons, details);
  }

  public AuditRecord withReason(ReasonCode code) {
    return new AuditRecord(type, exchangeId, caseReferences, sender, recipient, packageDigest, code, persons, details);
  }

  public AuditRecord withPersons(List<String> names) {
    return new AuditRecord(type, exchangeId, caseReferences, sender, recipient, packageDigest, reasonCode, names, details);
  }

  public AuditRecord withDetails(Map<String, String> facts) {
    return new AuditRecord(type, exchangeId, caseReferences, sender, recipient, packageDigest, reasonCode, persons, facts);
  }
}
