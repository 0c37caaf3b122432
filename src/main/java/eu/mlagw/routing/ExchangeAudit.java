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

  private final java.util.function.Supplier<eu.mlagw.audit.AuditStore> store;

  public ExchangeAudit(AuditTrail trail) {
    this(trail, () -> null);
  }

  /** As above; {@code store} (the store the trail appends to) answers {@link #recordedSince}. */
  public ExchangeAudit(AuditTrail trail, java.util.function.Supplier<eu.mlagw.audit.AuditStore> store) {
    this.trail = trail;
    this.store = store;
  }

  /** The number of events in the log now (0 when it cannot be known). */
  public long size() {
    eu.mlagw.audit.AuditStore s = store.get();
    return s == null ? 0 : s.size();
  }

  /**
   * The events of {@code exchangeId} appended at or after sequence {@code from}, as {@link #key}s,
   * so a transition completed after a crash appends only what is missing.
   */
  public List<String> recordedSince(long from, String exchangeId) {
    eu.mlagw.audit.AuditStore s = store.get();
    List<String> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    long size = s.size();
    for (long at = from; at < size; ) {
      List<eu.mlagw.audit.AuditEvent> batch = s.read(at, Math.min(size, at + 1000));
      if (batch.isEmpty()) {
        break;
      }
      for (eu.mlagw.audit.AuditEvent e : batch) {
        if (exchangeId.equals(e.record().exchangeId())) {
          out.add(key(e.record().type(), e.record().details()));
        }
      }
      at += batch.size();
    }
    return out;
  }

  /** What tells two events of one exchange apart: the type, and the evidence an EVIDENCE_* names. */
  static String key(AuditEventType type, Map<String, String> details) {
    String evidence = details == null || !type.name().startsWith("EVIDENCE_") ? null : details.get("evidence");
    return evidence == null ? type.name() : type.name() + "/" + evidence;
  }

  /** Records a step of exchange {@code exchangeId}; {@code folder} may hold its request.xml (else null). */
  public void step(AuditEventType type, String exchangeId, String sender, String recipient, Path folder,
      String packageDigest, ReasonCode reason, Map<String, String> details) throws GatewayException {
    AuditRecord record = record(type, exchangeId, sender, recipient, folder, packageDigest, reason, details);
    try {
      trail.append(record);
    } catch (RuntimeException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the audit event " + type + " of exchange "
          + exchangeId + " (" + e.getMessage() + "); the step is not taken unrecorded — check the audit store", e);
    }
  }

  /** One event of {@link #steps}: its type, reason code (or null) and details. */
  public record Step(AuditEventType type, ReasonCode reason, Map<String, String> details) {}

  /**
   * Records the events of one state change of exchange {@code exchangeId}, in order, as one batch (one
   * round trip to the cluster and one durable commit instead of one each, where the store can).
   */
  public void steps(List<Step> steps, String exchangeId, String sender, String recipient, Path folder,
      String packageDigest) throws GatewayException {
    if (steps.size() == 1) {
      Step only = steps.get(0);
      step(only.type(), exchangeId, sender, recipient, folder, packageDigest, only.reason(), only.details());
      return;
    }
    List<AuditRecord> records = new ArrayList<>(steps.size());
    for (Step s : steps) {
      records.add(record(s.type(), exchangeId, sender, recipient, folder, packageDigest, s.reason(), s.details()));
    }
    try {
      trail.appendAll(records);
    } catch (RuntimeException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the audit events "
          + steps.stream().map(s -> s.type().name()).toList() + " of exchange " + exchangeId + " (" + e.getMessage()
          + "); the step is not taken unrecorded — check the audit store", e);
    }
  }

  private AuditRecord record(AuditEventType type, String exchangeId, String sender, String recipient, Path folder,
      String packageDigest, ReasonCode reason, Map<String, String> details) {
    AuditRecord record = AuditRecord.of(type, exchangeId).withParties(sender, recipient).withPackageDigest(packageDigest)
        .withReason(reason).withDetails(details == null ? Map.of() : new LinkedHashMap<>(details));
    RequestFacts known = folder == null ? null : factsOf(folder);
    if (known != null) {
      record = record.withCaseReferences(known.cases()).withPersons(known.persons());
    }
    return record;
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
    List<String> cases = request.caseReferences();
    List<String> persons = new ArrayList<>();
    for (CanonicalRequest.Person p : request.persons()) {
      for (String form : List.of(p.name().original(), p.name().latin(), p.name().cyrillic(), p.name().ascii())) {
        if (form != null && !persons.contains(form)) {
          persons.add(form);
        }
      }
    }
    RequestFacts found = new RequestFacts(cases, List.copyOf(persons));
    facts.put(file, found);
    return found;
  }
}
