package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A query by case reference finds every event of the case's exchanges, also those recorded before
 * the request was read (SUBMISSION_CLAIMED carries no case reference), and nothing of other cases.
 */
class AuditQueryCaseTest {
  @Test
  void aCaseQueryFindsTheEventsOfItsExchangesThatCarryNoCaseReference() {
    ListAuditStore store = new ListAuditStore("gw-al");
    Instant t = Instant.parse("2026-12-05T09:00:00Z");
    store.append(AuditRecord.of(AuditEventType.SUBMISSION_CLAIMED, "EX-1"), t);
    store.append(AuditRecord.of(AuditEventType.SUBMISSION_CLAIMED, "EX-2"), t);
    store.append(AuditRecord.of(AuditEventType.POLICY_DECIDED, "EX-1").withCaseReferences(List.of("AL-2026-201")), t);
    store.append(AuditRecord.of(AuditEventType.PACKAGE_SEALED, "EX-1").withCaseReferences(List.of("AL-2026-201")), t);
    store.append(AuditRecord.of(AuditEventType.PACKAGE_SEALED, "EX-2").withCaseReferences(List.of("AL-2026-999")), t);
    store.append(AuditRecord.of(AuditEventType.CONFIG_LOADED, null), t);
    AuditQuery query = new AuditQuery(null, "AL-2026-201", null, null, null, null, null, null);
    List<String> found = new ArrayList<>();
    query.run(store, e -> found.add(e.record().type() + " " + e.record().exchangeId()));
    assertEquals(List.of("SUBMISSION_CLAIMED EX-1", "POLICY_DECIDED EX-1", "PACKAGE_SEALED EX-1"), found);
  }
}
