package eu.mlagw.console;

import eu.mlagw.error.GatewayException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the console may see of and do to the exchanges of the node that serves it. The node
 * implements it over its drop folders and its lifecycle (which owns every transition); the console
 * only reads views and asks for the two operator actions. Implementations are thread-safe.
 */
public interface ExchangeDesk {
  /** Every exchange of the participants hosted here, sent and received, newest first. */
  List<ExchangeView> exchanges();

  /** One exchange with its steps, evidences and status file, or empty if unknown here. */
  Optional<ExchangeView> exchange(String exchangeId);

  /** The members of this gateway's cluster, as "node-name host:port" lines. */
  List<String> clusterMembers();

  /**
   * Makes an exchange waiting for its next attempt due now; recorded (OPERATOR_ACTED) with who and why.
   *
   * @throws GatewayException EXCHANGE_NOT_WAITING when it does not wait on this node
   */
  void retryNow(String exchangeId, String operator, String reason) throws GatewayException;

  /**
   * Gives up an exchange waiting for its next attempt: NonDelivery to the sender, recorded with who and why.
   *
   * @throws GatewayException EXCHANGE_NOT_WAITING when it does not wait on this node
   */
  void giveUp(String exchangeId, String operator, String reason) throws GatewayException;

  /** One step of an exchange's timeline (the status file's steps). */
  record Step(Instant at, String state, String text) {}

  /**
   * An exchange as the console shows it. Retry facts ({@code attempt} .. {@code givesUpAt}) are
   * null unless it is being retried; {@code reasonCode} is the failure's code for FAILED/refused.
   *
   * @param side "sent" (this gateway sends it) or "received" (a hosted participant receives it)
   * @param waiting whether it waits on this node for its next attempt (the actions apply)
   * @param evidences the evidence files kept with it (downloadable by operators)
   * @param statusText its status.txt as the sender reads it, or the error.txt of a failed one
   */
  record ExchangeView(String exchangeId, String side, String sender, String recipient, String submission,
      String state, Instant updated, List<String> caseReferences, Integer attempt, String lastError,
      String reasonCode, Instant nextAttempt, Instant givesUpAt, boolean waiting, List<Step> steps,
      List<Path> evidences, String statusText) {
    public ExchangeView {
      caseReferences = List.copyOf(caseReferences);
      steps = List.copyOf(steps);
      evidences = List.copyOf(evidences);
    }
  }
}
