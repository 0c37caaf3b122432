package eu.mlagw.routing;

import eu.mlagw.error.ReasonCode;
import java.time.Instant;

/**
 * error.txt of a submission returned to failed/: what happened, in the words of the step that
 * failed (a refused request in the prosecutor's own language), what to do, the reason code, the
 * case and the exchange id. Written for the sender: it never quotes another gateway's folders.
 */
final class ErrorText {
  private ErrorText() {}

  static String of(Submission s, Throwable failure, ReasonCode reason, String caseLine, Instant at) {
    String footer = "\nReason code: " + reason + "\n" + caseLine + "Exchange id: " + s.exchangeId() + "\nTime: " + at
        + "\n";
    if (failure instanceof eu.mlagw.metadata.RequestInvalidException) {
      return failure.getMessage() + "\n" + footer; // the prosecutor's language: which field, what to do
    }
    boolean afterSealing = reason == ReasonCode.DELIVERY_DEADLINE_PASSED || reason == ReasonCode.DELIVERY_REFUSED;
    String what = Failures.describe(failure);
    return "Your submission '" + s.name() + "' to " + s.recipient() + " was NOT "
        + (afterSealing ? "delivered" : "sent") + ".\n\n"
        + "What happened: " + what + "\n\n"
        + "What to do: " + whatToDo(s, reason) + "\n" + footer;
  }

  private static String whatToDo(Submission s, ReasonCode reason) {
    String resend = "put it back into outbox/" + s.recipient() + "/ and create the empty file " + s.name()
        + ".ready next to it (for a folder), or move the .zip into outbox/" + s.recipient() + "/.";
    return switch (reason) {
      case DELIVERY_DEADLINE_PASSED -> "the recipient's gateway could not take it in time; check with IT staff that it "
          + "is reachable again, then " + resend;
      case POLICY_DENIED, PARTICIPANT_UNKNOWN, NO_ROUTE, CONFIG_INVALID, PEER_UNTRUSTED, KEYSTORE_UNREADABLE ->
          "this is not a problem of the submission: ask IT staff to correct the configuration named above, then "
              + resend;
      default -> "correct what is named above, then " + resend;
    };
  }
}
