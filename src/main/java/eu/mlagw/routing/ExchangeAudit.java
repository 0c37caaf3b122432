package eu.mlagw.routing;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditTrail;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the exchange beans write to the audit trail: one event per step, with the exchange's
 * parties, case references, the names of persons concerned in every script (so an auditor finds
 * them however a name is typed), the package digest and, for failures, the reason code. Never
 * document content, never secrets. An append that fails makes the step fail (nothing proceeds
 * unrecorded).
 */
public final class ExchangeAudit {
  private final AuditTrail trail;
  /**
   * Case references and persons' names per request.xml: a request.xml never changes once written,
   * and an exchange records ~15 events, so it is parsed and schema-validated once, not per event.
   */
  private final Map<Path, RequestFacts> facts = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, RequestFacts> eldest) {
          return size() > 256;
        }
      });

  private record RequestFacts(List<String> cases, List<String> persons) {}

  public ExchangeAudit(AuditTrail trail) {
    this.trail = trail;
  }

  /** Records a step of exchange {@code exchangeId}; {@code folder} may hold its request.xml (else null). */
  public void step(AuditEventType type, String exchangeId, String sender, String recipient, Path folder,
      String packageDigest, ReasonCode reason, Map<String, String> details) throws GatewayException {
    AuditRecord record = AuditRecord.of(type, exchangeId).withParties(sender, recipient).withPackageDigest(packageDigest)
        .withReason(reason).withDetails(details == null ? Map.of() : new LinkedHashMap<>(details));
    RequestFacts known = folder == null ? null : factsOf(folder);
    if (known != null) {
      record = record.withCaseReferences(known.cases()).withPersons(known.persons());
    }
    try {
      trail.append(record);
    } catch (RuntimeException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the audit event " + type + " of exchange "
          + exchangeId + " (" + e.getMessage() + "); the step is not taken unrecorded — check the audit store", e);
    }
  }

  /** Records a gateway-level event (no exchange). */
  public void gateway(AuditEventType type, Map<String, String> details) throws GatewayException {
    step(type, null, null, null, null, null, null, details);
  }

  private RequestFacts factsOf(Path folder) {
    Path file = folder.resolve(eu.mlagw.pkg.PackageSealer.REQUEST_ENTRY);
    RequestFacts cached = facts.get(file);
    if (cached != null) {
      return cached;
    }
    CanonicalRequest request;
    try {
      request = RecipientRendering.request(folder).orElse(null);
    } catch (GatewayException e) {
      return null; // an unreadable request.xml is reported by the step that reads it
    }
    if (request == null) {
      return null;
    }
    List<String> cases = new ArrayList<>();
    if (request.caseReference() != null) {
      cases.add(request.caseReference());
    }
    if (request.recipientCaseReference() != null) {
      cases.add(request.recipientCaseReference());
    }
    List<String> persons = new ArrayList<>();
    for (CanonicalRequest.Person p : request.persons()) {
      for (String form : List.of(p.name().original(), p.name().latin(), p.name().cyrillic(), p.name().ascii())) {
        if (form != null && !persons.contains(form)) {
          persons.add(form);
        }
      }
    }
    RequestFacts found = new RequestFacts(List.copyOf(cases), List.copyOf(persons));
    facts.put(file, found);
    return found;
  }
}
