package eu.mlagw.audit;

import eu.mlagw.error.ReasonCode;
import java.text.Normalizer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An auditor's filter over the log; every criterion given must hold (null = any). Matching a
 * person ignores case and diacritics and finds the name inside any of the searchable forms an event
 * carries (original, Latin, Cyrillic, ASCII), so "markovic" finds "Marković" and "Марковић" when the
 * event recorded both forms. Immutable.
 *
 * @param exchangeId the exchange
 * @param caseReference one of the event's case references (exact)
 * @param participant the sender or the recipient
 * @param type the event type
 * @param reason the reason code
 * @param from events at or after this time
 * @param to events before this time
 * @param person a person's name, or part of it
 */
public record AuditQuery(String exchangeId, String caseReference, String participant, AuditEventType type,
    ReasonCode reason, Instant from, Instant to, String person) {

  /** Matches every event. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, null, null, null);
  }

  /**
   * Whether the event matches; for a case reference only events that carry it themselves (see
   * {@link #matches(AuditEvent, Set)} for all events of the case's exchanges).
   */
  public boolean matches(AuditEvent event) {
    return matches(event, Set.of());
  }

  /**
   * Whether the event matches, where an event of an exchange in {@code caseExchanges} counts as one
   * of the case: the first steps of an exchange (SUBMISSION_CLAIMED, before the request is read)
   * carry no case reference, yet belong to the case.
   */
  public boolean matches(AuditEvent event, Set<String> caseExchanges) {
    AuditRecord r = event.record();
    return (exchangeId == null || exchangeId.equals(r.exchangeId()))
        && (caseReference == null || r.caseReferences().contains(caseReference)
            || (r.exchangeId() != null && caseExchanges.contains(r.exchangeId())))
        && (participant == null || participant.equals(r.sender()) || participant.equals(r.recipient()))
        && (type == null || type == r.type())
        && (reason == null || reason == r.reasonCode())
        && (from == null || !event.time().isBefore(from))
        && (to == null || event.time().isBefore(to))
        && (person == null || r.persons().stream().anyMatch(p -> fold(p).contains(fold(person))));
  }

  /** The criteria given, for the audit event that records this query ("what"). */
  public Map<String, String> describe() {
    Map<String, String> d = new LinkedHashMap<>();
    put(d, "exchange", exchangeId);
    put(d, "case", caseReference);
    put(d, "participant", participant);
    put(d, "type", type == null ? null : type.name());
    put(d, "reason", reason == null ? null : reason.name());
    put(d, "from", from == null ? null : from.toString());
    put(d, "to", to == null ? null : to.toString());
    put(d, "person", person);
    return d;
  }

  /**
   * The exchanges of which an event among the first {@code size} carries {@link #caseReference}
   * (empty when no case is asked for): a first pass over the log, so that a case query finds every
   * event of its exchanges.
   */
  public Set<String> caseExchanges(AuditStore store, long size) {
    if (caseReference == null) {
      return Set.of();
    }
    Set<String> found = new HashSet<>();
    for (long at = 0; at < size; ) {
      var batch = store.read(at, Math.min(size, at + AuditLogVerifier.BATCH));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditEvent e : batch) {
        if (e.record().exchangeId() != null && e.record().caseReferences().contains(caseReference)) {
          found.add(e.record().exchangeId());
        }
      }
      at += batch.size();
    }
    return found;
  }

  /** "exchange=EX-1 type=PACKAGE_SENT", or "all events". */
  public String summary() {
    Map<String, String> d = describe();
    if (d.isEmpty()) {
      return "all events";
    }
    StringBuilder sb = new StringBuilder();
    d.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  /**
   * Streams the matching events of {@code store} in sequence order to {@code sink} (batches of
   * {@link AuditLogVerifier#BATCH}); returns the number of events read.
   */
  public long run(AuditStore store, Consumer<AuditEvent> sink) {
    return run(store, store.size(), sink);
  }

  /**
   * Like {@link #run(AuditStore, Consumer)} over events 0..{@code size}-1 only (e.g. those a
   * checkpoint covers).
   */
  public long run(AuditStore store, long size, Consumer<AuditEvent> sink) {
    Set<String> caseExchanges = caseExchanges(store, size);
    long read = 0;
    for (long at = 0; at < size; ) {
      var batch = store.read(at, Math.min(size, at + AuditLogVerifier.BATCH));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditEvent e : batch) {
        if (matches(e, caseExchanges)) {
          sink.accept(e);
        }
      }
      read += batch.size();
      at += batch.size();
    }
    return read;
  }

  private static void put(Map<String, String> d, String key, String value) {
    if (value != null) {
      d.put(key, value);
    }
  }

  static String fold(String s) {
    String decomposed = Normalizer.normalize(s.replace("đ", "dj").replace("Đ", "Dj"), Normalizer.Form.NFD);
    return decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }
}
