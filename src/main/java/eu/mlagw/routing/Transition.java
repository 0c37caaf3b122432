package eu.mlagw.routing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One state change of an exchange, written down before it is made (write-ahead): {@code
 * .transition.json} in the exchange's folder names the new state, the audit events, the evidences
 * due and the folder move. {@link ExchangeLifecycle} appends the events, then issues the evidences,
 * writes the status files and moves the folder, and deletes the record last; a node killed at any
 * point finds the record at its next start and completes the same transition, once: events are
 * appended only if the log does not hold them since {@link #logSize}, evidences issued only if the
 * folder has none of that type.
 *
 * @param state the state the exchange is in afterwards (status.json "state"); null: unchanged
 * @param statusText the status line, in plain words
 * @param events the audit events of the transition, in order
 * @param evidences the evidences due, in {@code evidenceDir} (relative to the exchange's folder)
 * @param move what happens to the folder afterwards
 * @param sending the retry facts while the state is SENDING, else null
 * @param logSize the audit log's size before the events were appended
 * @param errorText error.txt for a move to failed/, else null
 */
record Transition(String exchangeId, String sender, String recipient, String submission, String state,
    String statusText, List<Event> events, String evidenceDir, List<Due> evidences, Move move,
    StatusFiles.Sending sending, long logSize, String packageDigest, String errorText) {
  static final String FILE = ".transition.json";
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  enum Move { NONE, TO_SENT, TO_FAILED }

  /** An audit event of the transition. */
  record Event(AuditEventType type, ReasonCode reason, Map<String, String> details) {
    static Event of(AuditEventType type, Map<String, String> details) {
      return new Event(type, null, details);
    }
  }

  /**
   * An evidence due: issued and signed here, or — {@code receivedFile} set — one another gateway
   * signed, saved beside the record before it was written.
   */
  record Due(EvidenceType type, String reasonCode, String text, String receivedFile) {
    static Due issue(EvidenceType type, String text) {
      return new Due(type, null, text, null);
    }
  }

  Transition withLogSize(long size) {
    return new Transition(exchangeId, sender, recipient, submission, state, statusText, events, evidenceDir, evidences,
        move, sending, size, packageDigest, errorText);
  }

  void writeTo(Path folder) throws IOException {
    StatusFiles.atomicWrite(folder.resolve(FILE), JSON.writeValueAsBytes(this));
  }

  static Transition readFrom(Path folder) throws IOException {
    return JSON.readValue(folder.resolve(FILE).toFile(), Transition.class);
  }

  static boolean isPending(Path folder) {
    return Files.exists(folder.resolve(FILE));
  }
}
