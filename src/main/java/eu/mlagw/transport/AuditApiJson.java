package eu.mlagw.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditorService;
import eu.mlagw.audit.MerkleHashes;
import eu.mlagw.audit.VerifiedCheckpoint;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of the audit API (as described in {@code openapi/mlagw-audit-api-1.yaml}): events,
 * pages, checkpoints, errors. Times are ISO-8601 UTC strings; hashes lower-case hex.
 */
final class AuditApiJson {
  private AuditApiJson() {}

  /** The mapper the JAX-RS provider writes with. */
  static ObjectMapper mapper() {
    return new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS);
  }

  static Map<String, Object> event(AuditEvent e) {
    AuditRecord r = e.record();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sequence", e.sequence());
    m.put("time", e.time().toString());
    m.put("node", e.node());
    m.put("gateway", e.gateway());
    m.put("type", r.type().name());
    m.put("exchangeId", r.exchangeId());
    m.put("caseReferences", r.caseReferences());
    m.put("sender", r.sender());
    m.put("recipient", r.recipient());
    m.put("packageDigest", r.packageDigest());
    m.put("reasonCode", r.reasonCode() == null ? null : r.reasonCode().name());
    m.put("persons", r.persons());
    m.put("details", new TreeMap<>(r.details()));
    return m;
  }

  static Map<String, Object> page(AuditorService.Page p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", p.events().stream().map(AuditApiJson::event).toList());
    m.put("nextAfterSequence", p.nextAfterSequence());
    return m;
  }

  static Map<String, Object> events(String exchangeId, List<AuditEvent> events) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exchangeId", exchangeId);
    m.put("events", events.stream().map(AuditApiJson::event).toList());
    return m;
  }

  static Map<String, Object> checkpoint(VerifiedCheckpoint v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("origin", v.checkpoint().origin());
    m.put("treeSize", v.checkpoint().size());
    m.put("rootHash", MerkleHashes.hex(v.checkpoint().rootHash()));
    m.put("time", v.checkpoint().time().toString());
    m.put("signer", v.signature().signer().getSubjectX500Principal().getName());
    m.put("signedCheckpoint", Base64.getEncoder().encodeToString(v.signed()));
    m.put("note", new String(v.note(), java.nio.charset.StandardCharsets.UTF_8));
    m.put("noteKey", v.noteKey() == null ? null : v.noteKey().toString());
    return m;
  }

  static Map<String, Object> consistency(eu.mlagw.audit.AuditorService.Consistency c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("firstSize", c.firstSize());
    m.put("firstRootHash", MerkleHashes.hex(c.firstRoot()));
    m.put("secondSize", c.secondSize());
    m.put("secondRootHash", MerkleHashes.hex(c.secondRoot()));
    m.put("proof", c.proof().stream().map(MerkleHashes::hex).toList());
    return m;
  }

  static Map<String, Object> error(String reasonCode, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reasonCode", reasonCode);
    m.put("message", message);
    return m;
  }
}
