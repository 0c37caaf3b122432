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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Transition.class);
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

  /** A record is a few KiB; anything larger was not written by a gateway. */
  static final long MAX_RECORD_BYTES = 256 * 1024;

  /**
   * The record left in {@code folder} by an interrupted transition of exchange {@code exchangeId},
   * or empty if the file is not one: larger than {@link #MAX_RECORD_BYTES}, not parseable, or about
   * another exchange (a record copied from another folder, or planted by someone who can write into
   * the drop folder). Such a file is set aside as {@code .transition.json.refused} so that it is
   * neither applied nor read again.
   */
  static java.util.Optional<Transition> readFrom(Path folder, String exchangeId) throws IOException {
    Path file = folder.resolve(FILE);
    String problem;
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      problem = "not a regular file";
    } else if (Files.size(file) > MAX_RECORD_BYTES) {
      problem = "larger than " + MAX_RECORD_BYTES + " bytes";
    } else {
      Transition t;
      try {
        t = JSON.readValue(Files.readAllBytes(file), Transition.class);
      } catch (IOException e) {
        t = null;
      }
      if (t == null || t.exchangeId() == null || t.events() == null || t.evidences() == null || t.move() == null) {
        problem = "not a transition record";
      } else if (!t.exchangeId().equals(exchangeId)) {
        problem = "about another exchange than " + exchangeId;
      } else {
        return java.util.Optional.of(t);
      }
    }
    LOG.error("{}: {} is {}; it was set aside as {}.refused and not applied (reason {})", folder, FILE, problem, FILE,
        ReasonCode.INPUT_INVALID);
    Files.move(file, file.resolveSibling(FILE + ".refused"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return java.util.Optional.empty();
  }

  static boolean isPending(Path folder) {
    return Files.exists(folder.resolve(FILE));
  }
}
