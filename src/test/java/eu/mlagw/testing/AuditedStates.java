package eu.mlagw.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Which audit events and evidence files an exchange must have once it reached a state — the table of
 * the drop-folder contract (issue 10): each transition writes its events before the folder moves,
 * so an exchange seen in a state has the events of every state it passed.
 */
public final class AuditedStates {
  private AuditedStates() {}

  /** An event of {@code type}; {@code evidence} names the evidence type among its details (null: any). */
  public record Required(String type, String evidence) {
    @Override
    public String toString() {
      return evidence == null ? type : type + "(" + evidence + ")";
    }
  }

  /** The sender's states in order (status.json {@code state} of sent/ID). */
  public static final List<String> SENDER_STATES = List.of("SEALED", "SENDING", "RELAYED", "DELIVERED", "RETRIEVED");

  /**
   * Events the sender's gateway must hold for an exchange in sent/ID with {@code state}. SENDING is
   * only required while the exchange is sending (a direct success never retried); an unknown state
   * counts as SEALED (the state itself is checked elsewhere).
   */
  public static List<Required> sender(String state) {
    int reached = Math.max(0, SENDER_STATES.indexOf(state));
    List<Required> r = new ArrayList<>(List.of(new Required("SUBMISSION_CLAIMED", null),
        new Required("POLICY_DECIDED", null), new Required("PACKAGE_SEALED", null),
        new Required("EVIDENCE_ISSUED", "SubmissionAcceptance")));
    if ("SENDING".equals(state)) {
      r.add(new Required("SEND_RETRY_SCHEDULED", null));
    }
    if (reached >= SENDER_STATES.indexOf("RELAYED")) {
      r.add(new Required("PACKAGE_SENT", null));
      r.add(new Required("EVIDENCE_ISSUED", "RelayAcceptance"));
    }
    if (reached >= SENDER_STATES.indexOf("DELIVERED")) {
      r.add(new Required("EVIDENCE_RECEIVED", "Delivery"));
    }
    if (reached >= SENDER_STATES.indexOf("RETRIEVED")) {
      r.add(new Required("EVIDENCE_RECEIVED", "Retrieval"));
    }
    return r;
  }

  /** Evidence types sent/ID/evidences/ must hold in {@code state}. */
  public static List<String> senderEvidences(String state) {
    int reached = Math.max(0, SENDER_STATES.indexOf(state));
    List<String> r = new ArrayList<>(List.of("SubmissionAcceptance"));
    if (reached >= SENDER_STATES.indexOf("RELAYED")) {
      r.add("RelayAcceptance");
    }
    if (reached >= SENDER_STATES.indexOf("DELIVERED")) {
      r.add("Delivery");
    }
    if (reached >= SENDER_STATES.indexOf("RETRIEVED")) {
      r.add("Retrieval");
    }
    return r;
  }

  /** Events of an exchange that ended in failed/NAME after it was claimed (one of the two evidences). */
  public static List<Required> failed() {
    return List.of(new Required("SUBMISSION_CLAIMED", null), new Required("EXCHANGE_FAILED", null));
  }

  /** The evidences a failed exchange may carry as its final statement; one of them is required. */
  public static final List<String> FAILURE_EVIDENCES = List.of("SubmissionRejection", "NonDelivery");

  /** Events the recipient's gateway must hold for inbox/ID, received and, if {@code taken}, retrieved. */
  public static List<Required> receiver(boolean taken) {
    List<Required> r = new ArrayList<>(List.of(new Required("PACKAGE_RECEIVED", null),
        new Required("PACKAGE_VERIFIED", null), new Required("PACKAGE_DELIVERED", null),
        new Required("EVIDENCE_ISSUED", "Delivery")));
    if (taken) {
      r.add(new Required("EXCHANGE_RETRIEVED", null));
      r.add(new Required("EVIDENCE_ISSUED", "Retrieval"));
    }
    return r;
  }
}
