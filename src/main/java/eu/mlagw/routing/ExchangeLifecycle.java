package eu.mlagw.routing;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.config.RetrySettings;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.pkg.PackageIds;
import eu.mlagw.transport.TransferMetadata;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of an exchange's states (DESIGN.md, Lifecycle). Every state change — from the
 * routes, the CLI, retries, resume after a restart and peer reception alike — is a {@link
 * Transition}: written down in the exchange's folder, then its audit events appended (durable
 * before anything visible changes), then its evidences issued, its status files written and its
 * folder moved, then the record deleted. {@link #recover} completes, once, every transition a stop
 * or a kill interrupted. Nothing else writes the status files, evidences or audit events of an
 * exchange.
 *
 * <p>Sender's states: SUBMITTED (claimed, in .work/) → SEALED (in sent/) → SENDING (attempt n, while
 * retrying) → RELAYED / DELIVERED → RETRIEVED; or FAILED (in failed/). Recipient's: RECEIVED (in
 * the inbox) → TAKEN; or refused (a RelayRejection under .relay-rejections/).
 */
public final class ExchangeLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeLifecycle.class);
  static final String FIRST_ATTEMPT = "first-attempt.txt";
  /** Beside a sealed exchange's id in .work/: it is in sent/ and not delivered or failed yet. */
  static final String PENDING = ".pending";
  static final String RETURNED = "returned";
  static final String INBOX_STATUS_RECEIVED = "RECEIVED";
  static final String INBOX_STATUS_TAKEN = "TAKEN";

  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final ExchangeAudit audit;
  private final SenderReceipts receipts;
  private final RetrySettings retry;
  private final Clock clock;
  /**
   * Serialises the transitions of one exchange: a Retrieval reported by the recipient's gateway can
   * arrive while this node still files the Delivery of the same exchange, and a decision ("already
   * retrieved?") must see the state the other transition wrote. Different exchanges do not wait
   * on each other (striped by id).
   */
  private final TransitionMonitors locks = new TransitionMonitors();
  private final PendingExchanges pending;
  private final SecureRandom random = new SecureRandom();
  private volatile BooleanSupplier stopping = () -> false;
  private volatile eu.mlagw.ops.TransitionListener listener = eu.mlagw.ops.TransitionListener.NONE;

  public ExchangeLifecycle(DropFolders folders, EvidenceIssuer evidences, ExchangeAudit audit, SenderReceipts receipts,
      RetrySettings retry, PendingExchanges pending, Clock clock) {
    this.folders = folders;
    this.evidences = evidences;
    this.audit = audit;
    this.receipts = receipts;
    this.retry = retry;
    this.pending = pending;
    this.clock = clock;
    // no exchange lock here: the scan calls it under its own monitor, for an exchange it owns that no
    // thread of this node works on (neither waiting nor in flight)
    pending.finishRecordedWith(this::completeRecorded);
  }

  /**
   * The lifecycle for a CLI command acting on a gateway whose node is not running (e.g. {@code mlagw
   * ack}): recording in {@code log}, which the command opened on the gateway's audit store.
   */
  public static ExchangeLifecycle forCommand(eu.mlagw.config.GatewayConfig config,
      eu.mlagw.directory.Directory directory, eu.mlagw.crypto.GatewayKeys keys, eu.mlagw.audit.AuditLog log,
      Clock clock) throws GatewayException {
    DropFolders folders = new DropFolders(config.dropFolderRoot().orElseThrow(() ->
        new GatewayException(ReasonCode.CONFIG_INVALID, "gateway.yaml has no dropFolders.root")));
    eu.mlagw.crypto.DetachedSigner gatewaySeal = keys.signer(keys.gatewaySeal());
    EvidenceIssuer evidences = new EvidenceIssuer(directory.gatewayId(), gatewaySeal, clock);
    return new ExchangeLifecycle(folders, evidences, new ExchangeAudit(log, log::store),
        new SenderReceipts(directory, GatewayNode.loadMappings(config), gatewaySeal,
            eu.mlagw.evidence.EvidenceVerifier.forGateway(keys)), config.retry(),
        new PendingExchanges(folders, new LocalExchangeClaims(), clock), clock);
  }

  /** {@code listener} is told of every completed state change from now on (metrics, alerts). */
  public void observeTransitions(eu.mlagw.ops.TransitionListener listener) {
    this.listener = listener;
  }

  /** While {@code stopping} says so, a failure leaves its exchange to resume at the next start. */
  public void stoppingWhen(BooleanSupplier stopping) {
    this.stopping = stopping;
  }

  public DropFolders folders() {
    return folders;
  }

  public PendingExchanges pending() {
    return pending;
  }

  // ---------------------------------------------------------------- sender's side

  /**
   * SUBMITTED: takes {@code source} (a folder or .zip in the outbox) by one atomic rename into
   * {@code .work/EXCHANGE-ID/original/}. The claim is written down first, so a node killed between
   * the event and the rename completes the rename at its next start.
   */
  public Submission claim(String sender, String recipient, Path source) throws GatewayException {
    String id = PackageIds.newId(clock.instant(), random);
    Path work = folders.work(sender).resolve(id);
    String name = source.getFileName().toString();
    Submission s = new Submission(id, sender, recipient, name, work);
    pending.claimed(id); // before its folder exists: a rescan never takes an exchange being claimed
    try {
      Files.createDirectories(work.resolve("original"));
      StatusFiles.writeRecipient(work, recipient);
      StatusFiles.atomicWrite(work.resolve(FIRST_ATTEMPT), clock.instant().toString());
      StatusFiles.atomicWrite(work.resolve(CLAIMED_FROM), source.toString());
    } catch (IOException e) {
      pending.done(id);
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the work folder of " + id + ": " + e.getMessage(), e);
    }
    apply(s, work, new Transition(id, sender, recipient, name, "SUBMITTED", "Picked up from outbox/" + recipient + "/"
        + name, List.of(Transition.Event.of(AuditEventType.SUBMISSION_CLAIMED, Map.of("submission", name))), "",
        List.of(), Transition.Move.NONE, null, 0, null, null));
    if (!Files.isDirectory(work)) {
      pending.done(id);
      return null;
    }
    LOG.info("claimed {} from {} for {} as exchange {}", name, sender, recipient, id);
    return s;
  }

  static final String CLAIMED_FROM = "claimed-from.txt";

  /** An audited step that changes no state (the policy decision, the metadata translation). */
  public void recorded(Submission s, AuditEventType type, Map<String, String> details) throws GatewayException {
    audit.step(type, s.exchangeId(), s.sender(), s.recipient(), s.workDir(), null, null, details);
  }

  /**
   * SEALED: the package is in the work folder; PACKAGE_SEALED and the SubmissionAcceptance are
   * recorded and issued, and the exchange moves to {@code sent/EXCHANGE-ID/}, where the sender sees
   * it from now on. Returns the exchange at its new place.
   */
  public Submission sealed(Submission s, int documents, String requestFrom) throws GatewayException {
    synchronized (locks.of(s.exchangeId())) {
      return sealedLocked(s, documents, requestFrom);
    }
  }

  private Submission sealedLocked(Submission s, int documents, String requestFrom) throws GatewayException {
    String digest = PackageDigest.of(s.packageFile());
    try {
      Files.deleteIfExists(pendingMarker(s)); // made again below, before the move
      Files.createFile(pendingMarker(s));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot mark " + s.exchangeId() + " as pending: " + e.getMessage(), e);
    }
    apply(s, s.workDir(), new Transition(s.exchangeId(), s.sender(), s.recipient(), s.name(), "SEALED",
        "Sealed with the seal of " + s.sender() + " and encrypted for " + s.recipient() + " (" + documents
            + " document(s))",
        List.of(Transition.Event.of(AuditEventType.PACKAGE_SEALED, Map.of("documents", Integer.toString(documents),
            "requestFrom", requestFrom)), evidenceIssued(EvidenceType.SubmissionAcceptance)), "",
        List.of(Transition.Due.issue(EvidenceType.SubmissionAcceptance, "Accepted; sealed and encrypted for "
            + s.recipient())), Transition.Move.TO_SENT, null, 0, digest, null));
    return atSent(s);
  }

  /**
   * DELIVERED (or RELAYED when no Delivery evidence came back): the recipient's gateway ({@code
   * gatewayId}; this one for a local recipient) accepted the package. For a peer: PACKAGE_SENT and
   * a RelayAcceptance; the Delivery evidence it returned is filed with EVIDENCE_RECEIVED.
   */
  public Submission delivered(Submission s, String gatewayId, boolean viaPeer, String said, byte[] deliveryEvidence) throws GatewayException {
    synchronized (locks.of(s.exchangeId())) {
      return deliveredLocked(s, gatewayId, viaPeer, said, deliveryEvidence);
    }
  }

  private Submission deliveredLocked(Submission s, String gatewayId, boolean viaPeer, String said, byte[] deliveryEvidence) throws GatewayException {
    Path dir = s.workDir();
    if (!Files.isDirectory(dir)) {
      return s;
    }
    List<Transition.Event> events = new ArrayList<>();
    List<Transition.Due> due = new ArrayList<>();
    if (viaPeer) {
      events.add(Transition.Event.of(AuditEventType.PACKAGE_SENT, Map.of("toGateway", gatewayId)));
      events.add(evidenceIssued(EvidenceType.RelayAcceptance));
      due.add(Transition.Due.issue(EvidenceType.RelayAcceptance, "Gateway " + gatewayId + " accepted it: " + said));
    }
    String state = "RELAYED";
    if (deliveryEvidence != null) {
      String file = ".received-" + EvidenceType.Delivery + ".p7s";
      try {
        StatusFiles.atomicWrite(dir.resolve(file), deliveryEvidence);
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot keep the Delivery evidence of " + s.exchangeId(), e);
      }
      events.add(Transition.Event.of(AuditEventType.EVIDENCE_RECEIVED, Map.of("evidence", "Delivery", "fromGateway",
          gatewayId)));
      due.add(new Transition.Due(EvidenceType.Delivery, null, null, file));
      state = "DELIVERED";
    }
    String text = viaPeer ? "Sent to gateway " + gatewayId + ", which " + said : "Delivered: " + said;
    try {
      if ("RETRIEVED".equals(StatusFiles.state(dir)) || evidences.find(dir, EvidenceType.Retrieval) != null) {
        // the recipient's gateway reported the retrieval before this answer was filed (a retry of a
        // transfer it had already delivered): the Delivery is filed, the state does not go back
        state = "RETRIEVED";
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the status of " + s.exchangeId(), e);
    }
    apply(s, dir, new Transition(s.exchangeId(), s.sender(), s.recipient(), s.name(), state, text, events, "", due,
        Transition.Move.NONE, null, 0, PackageDigest.of(s.packageFile()), null));
    pending.done(s.exchangeId());
    return s;
  }

  /**
   * A failed step of an exchange on the sender's side. While the node stops, nothing: the exchange
   * resumes at the next start. A transient failure before the deadline: SENDING, retried later
   * (SEND_RETRY_SCHEDULED). Otherwise FAILED: EXCHANGE_FAILED and a SubmissionRejection (not sealed
   * yet) or NonDelivery (sealed), and the submission goes to failed/ with error.txt. A failure
   * after the exchange was delivered changes nothing (it never un-delivers).
   */
  public void failed(Submission s, Throwable failure) throws GatewayException {
    synchronized (locks.of(s == null ? "" : s.exchangeId())) {
      failedLocked(s, failure);
    }
  }

  private void failedLocked(Submission s, Throwable failure) throws GatewayException {
    if (s == null) {
      LOG.error("a step failed outside any exchange: {}", OperatorLog.line(failure), OperatorLog.stackTraceOf(failure));
      return;
    }
    if (stopping.getAsBoolean()) {
      LOG.info("exchange {}: stopped during a step ({}); it resumes at the next start", s.exchangeId(),
          Failures.describe(failure));
      pending.abandon(s.exchangeId());
      return;
    }
    Submission current = current(s);
    if (current == null) {
      LOG.warn("exchange {}: a late failure after it ended is ignored: {}", s.exchangeId(), OperatorLog.line(failure));
      pending.done(s.exchangeId());
      return;
    }
    String state = stateOf(current);
    if ("DELIVERED".equals(state) || "RELAYED".equals(state) || "RETRIEVED".equals(state)) {
      LOG.warn("exchange {}: a failure after delivery is ignored (the recipient has it): {}", s.exchangeId(),
          Failures.describe(failure));
      pending.done(s.exchangeId());
      return;
    }
    Instant first = firstAttempt(current);
    Instant givesUpAt = first.plus(retry.deadline());
    Instant now = clock.instant();
    if (Failures.isTransient(failure) && now.isBefore(givesUpAt)) {
      scheduleRetry(current, failure, givesUpAt);
      return;
    }
    Throwable finalFailure = failure;
    if (Failures.isTransient(failure)) {
      finalFailure = new GatewayException(ReasonCode.DELIVERY_DEADLINE_PASSED, "the exchange could not be delivered "
          + "from " + first + " until the delivery deadline of " + retry.deadline() + " (gateway.yaml delivery.deadline) "
          + "passed; the last attempt failed with: " + Failures.describe(failure) + ". Check with the recipient's gateway "
          + "operator, then send it again", failure);
    }
    fail(current, finalFailure);
  }

  private void scheduleRetry(Submission s, Throwable failure, Instant givesUpAt) throws GatewayException {
    StatusFiles.Sending before;
    try {
      before = StatusFiles.sending(s.workDir());
    } catch (IOException e) {
      before = null;
    }
    int attempt = before == null ? 1 : before.attempt() + 1;
    long delay = retry.firstDelay().toMillis();
    for (int i = 1; i < attempt && delay < retry.maxDelay().toMillis(); i++) {
      delay *= 2;
    }
    Instant next = clock.instant().plus(Duration.ofMillis(Math.min(delay, retry.maxDelay().toMillis())));
    if (next.isAfter(givesUpAt)) {
      next = givesUpAt;
    }
    String reason = Failures.reasonOf(failure).name();
    StatusFiles.Sending sending = new StatusFiles.Sending(attempt, Failures.describe(failure), reason, next, givesUpAt);
    boolean sealed = isSealed(s);
    apply(s, s.workDir(), new Transition(s.exchangeId(), s.sender(), s.recipient(), s.name(), sealed ? "SENDING"
        : "SUBMITTED", "Attempt " + attempt + " failed (" + reason + "); next attempt " + next,
        List.of(new Transition.Event(AuditEventType.SEND_RETRY_SCHEDULED, Failures.reasonOf(failure), Map.of("attempt",
            Integer.toString(attempt), "nextAttempt", next.toString(), "givesUpAt", givesUpAt.toString()))), "",
        List.of(), Transition.Move.NONE, sending, 0, sealed ? PackageDigest.of(s.packageFile()) : null, null));
    OperatorLog.warn(LOG, failure, "exchange {}: attempt {} failed ({}); next attempt at {}, gives up at {}",
        s.exchangeId(), attempt, OperatorLog.line(failure), next, givesUpAt);
    pending.retryAt(s, next);
  }

  private void fail(Submission s, Throwable failure) throws GatewayException {
    boolean sealed = isSealed(s) && Files.exists(s.packageFile());
    ReasonCode reason = Failures.reasonOf(failure);
    EvidenceType type = sealed ? EvidenceType.NonDelivery : EvidenceType.SubmissionRejection;
    String text = ErrorText.of(s, failure, reason, caseLine(s), clock.instant());
    apply(s, s.workDir(), new Transition(s.exchangeId(), s.sender(), s.recipient(), s.name(), "FAILED",
        "Not sent: " + reason + " — see error.txt",
        List.of(new Transition.Event(AuditEventType.EXCHANGE_FAILED, reason, Map.of("evidence", type.name(),
            "returnedTo", "failed/" + s.name())), evidenceIssued(type)), RETURNED + "/" + s.name(),
        List.of(new Transition.Due(type, reason.name(), failureText(failure), null)), Transition.Move.TO_FAILED, null, 0,
        sealed ? PackageDigest.of(s.packageFile()) : null, text));
    pending.done(s.exchangeId());
    OperatorLog.warn(LOG, failure, "submission {} of {} to {} not sent: {}", s.name(), s.sender(), s.recipient(),
        OperatorLog.line(failure));
  }

  /**
   * An operator's "retry now" (web console): the exchange, waiting on this node for its next attempt,
   * is made due at once. OPERATOR_ACTED (action retry-now, who, why) is recorded first; the attempt
   * itself runs on the routes' usual path (the pending-exchange poll), never beside a scheduled one.
   *
   * @throws GatewayException EXCHANGE_NOT_WAITING when it does not wait here (an attempt runs, it
   *     ended, another node retries it)
   */
  public void retryNow(String exchangeId, String operator, String reason) throws GatewayException {
    synchronized (locks.of(exchangeId)) {
      if (!pending.isWaiting(exchangeId)) {
        throw notWaiting(exchangeId, "retry");
      }
      Submission s = pending.takeWaiting(exchangeId);
      if (s == null) {
        throw notWaiting(exchangeId, "retry");
      }
      try {
        audit.step(AuditEventType.OPERATOR_ACTED, exchangeId, s.sender(), s.recipient(), null, null, null,
            operatorDetails("retry-now", operator, reason));
      } finally {
        pending.retryAt(s, clock.instant()); // back to waiting, due now (also if the event could not be written)
      }
      LOG.info("exchange {}: {} asked to retry now ({})", exchangeId, operator, reason);
    }
  }

  /**
   * An operator's "give up" (web console): the exchange, waiting on this node for its next attempt,
   * fails now with OPERATOR_GAVE_UP — OPERATOR_ACTED (action give-up, who, why) first, then the usual
   * FAILED transition: EXCHANGE_FAILED, a NonDelivery (SubmissionRejection if not sealed yet) to the
   * sender, the submission returned to failed/ with error.txt.
   *
   * @throws GatewayException EXCHANGE_NOT_WAITING when it does not wait here
   */
  public void giveUp(String exchangeId, String operator, String reason) throws GatewayException {
    synchronized (locks.of(exchangeId)) {
      Submission s = pending.takeWaiting(exchangeId);
      if (s == null) {
        throw notWaiting(exchangeId, "give up");
      }
      Submission current = current(s);
      String state = current == null ? null : stateOf(current);
      if (current == null || "DELIVERED".equals(state) || "RELAYED".equals(state) || "RETRIEVED".equals(state)) {
        pending.done(exchangeId);
        throw notWaiting(exchangeId, "give up");
      }
      try {
        audit.step(AuditEventType.OPERATOR_ACTED, exchangeId, s.sender(), s.recipient(), null, null, null,
            operatorDetails("give-up", operator, reason));
      } catch (GatewayException e) {
        pending.retryAt(s, clock.instant());
        throw e;
      }
      fail(current, new GatewayException(ReasonCode.OPERATOR_GAVE_UP, "the gateway's operator " + operator
          + " gave up sending it: " + reason + ". Ask the gateway's IT staff, then send it again if it is still needed"));
      LOG.info("exchange {}: {} gave up ({})", exchangeId, operator, reason);
    }
  }

  private static Map<String, String> operatorDetails(String action, String operator, String reason) {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("action", action);
    details.put("operator", operator);
    details.put("reason", reason);
    return details;
  }

  private static GatewayException notWaiting(String exchangeId, String what) {
    return new GatewayException(ReasonCode.EXCHANGE_NOT_WAITING, "exchange " + exchangeId + " does not wait for its "
        + "next attempt on this node (an attempt is running, it was delivered or failed meanwhile, or another node of "
        + "the cluster retries it); nothing was done. Reload the page and " + what + " when it shows a next attempt");
  }

  /** What an evidence says of a failure: its own words, never a stack trace. */
  private static String failureText(Throwable failure) {
    return Failures.describe(failure);
  }

  /**
   * A peer's signed RelayRejection, verified by the caller: filed with the exchange (it goes to
   * failed/ with it) before the exchange fails.
   */
  public void relayRejectionReceived(Submission s, String peerId, byte[] evidence) throws GatewayException {
    synchronized (locks.of(s.exchangeId())) {
      relayRejectionReceivedLocked(s, peerId, evidence);
    }
  }

  private void relayRejectionReceivedLocked(Submission s, String peerId, byte[] evidence) throws GatewayException {
    if (evidences.find(s.workDir(), EvidenceType.RelayRejection) != null) {
      return;
    }
    String file = ".received-" + EvidenceType.RelayRejection + ".p7s";
    try {
      StatusFiles.atomicWrite(s.workDir().resolve(file), evidence);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot keep the RelayRejection of " + s.exchangeId(), e);
    }
    apply(s, s.workDir(), new Transition(s.exchangeId(), s.sender(), s.recipient(), s.name(), null, null,
        List.of(Transition.Event.of(AuditEventType.EVIDENCE_RECEIVED, Map.of("evidence", "RelayRejection",
            "fromGateway", peerId))), "", List.of(new Transition.Due(EvidenceType.RelayRejection, null, null, file)),
        Transition.Move.NONE, null, 0, null, null));
  }

  /**
   * RETRIEVED on the sender's side, reported by the recipient's gateway: its Retrieval evidence
   * (verified by the caller) is filed with the exchange in sent/.
   */
  public void retrievalReported(Submission s, String peerId, byte[] evidence) throws GatewayException {
    synchronized (locks.of(s.exchangeId())) {
      retrievalReportedLocked(s, peerId, evidence);
    }
  }

  private void retrievalReportedLocked(Submission s, String peerId, byte[] evidence) throws GatewayException {
    if (evidences.find(s.workDir(), EvidenceType.Retrieval) != null) {
      return;
    }
    String file = ".received-" + EvidenceType.Retrieval + ".p7s";
    try {
      StatusFiles.atomicWrite(s.workDir().resolve(file), evidence);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot keep the Retrieval evidence of " + s.exchangeId(), e);
    }
    // Retrieved before the answer to the transfer was filed (the answer was lost to a kill or a broken
    // connection, and the next attempt is still to come): the state stays SENDING and the attempts go
    // on, at once, until the recipient's gateway answers the repeated transfer (a duplicate it does not
    // deliver twice) with its Delivery evidence; that answer then ends it in RETRIEVED with PACKAGE_SENT,
    // RelayAcceptance and Delivery. Ending in RETRIEVED here would leave the exchange without them.
    String state = stateOf(s);
    boolean answered = "DELIVERED".equals(state) || "RELAYED".equals(state) || "RETRIEVED".equals(state);
    apply(s, s.workDir(), new Transition(s.exchangeId(), s.sender(), s.recipient(), s.name(), answered ? "RETRIEVED"
        : null, answered ? s.recipient() + " took it from its inbox (reported by gateway " + peerId + ")" : null,
        List.of(Transition.Event.of(AuditEventType.EVIDENCE_RECEIVED, Map.of("evidence", "Retrieval", "fromGateway",
            peerId))), "", List.of(new Transition.Due(EvidenceType.Retrieval, null, null, file)), Transition.Move.NONE,
        null, 0, null, null));
    if (!answered && pending.advance(s.exchangeId(), clock.instant())) {
      LOG.info("exchange {}: retrieved at gateway {} before its transfer was answered; the next attempt runs now to "
          + "fetch the Delivery evidence", s.exchangeId(), peerId);
    }
  }

  // ---------------------------------------------------------------- recipient's side

  /** An audited step of a received package that changes no state (received, policy decided). */
  public void recorded(Incoming in, AuditEventType type, Map<String, String> details) throws GatewayException {
    audit.step(type, in.exchangeId(), in.sender(), in.recipient(), null, in.metadata().packageSha256(), null, details);
  }

  /**
   * VERIFIED: the package verified and was rendered into {@code staging}, which the opener renames
   * into the inbox next. Written down and recorded (PACKAGE_VERIFIED) before that rename, so an
   * inbox folder never exists without its event.
   */
  public void verified(Incoming in, Path staging) throws GatewayException {
    try {
      Transition t = new Transition(in.exchangeId(), in.sender(), in.recipient(), in.exchangeId(),
          INBOX_STATUS_RECEIVED, "Received from " + in.sender() + " through gateway " + in.peerGatewayId()
              + ", verified", List.of(Transition.Event.of(AuditEventType.PACKAGE_VERIFIED, Map.of("released", "inbox",
                  "fromGateway", in.peerGatewayId()))), "", List.of(), Transition.Move.NONE, null, audit.size(),
          in.metadata().packageSha256(), null);
      // the recipient's status files name the case too (mlagw status --case finds it in the inbox)
      StatusFiles.keepCaseReferences(staging, RecipientRendering.request(staging)
          .map(eu.mlagw.metadata.CanonicalRequest::caseReferences).orElse(List.of()));
      t.writeTo(staging);
      appendEvents(staging, t);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot record the verification of " + in.exchangeId(), e);
    }
  }

  /** RECEIVED: the inbox folder is there; its status file written, the transition closed. */
  public void released(Incoming in, Path inbox) throws GatewayException {
    // under the exchange's monitor: once renamed into the inbox the recipient can take the exchange at
    // once (a .taken marker, mlagw ack), and a RECEIVED status written after its TAKEN one turned it
    // back to RECEIVED (the kill test saw 2 in 90, with the sender already RETRIEVED)
    synchronized (locks.of(in.exchangeId())) {
      try {
        if (Transition.isPending(inbox)) {
          completeRecorded(inbox, in.exchangeId()); // its event was appended before the release
        }
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot record the release of " + in.exchangeId(), e);
      }
    }
  }

  /** A package already in the inbox came again: recorded, not delivered twice. */
  public void duplicate(Incoming in, Path inbox) throws GatewayException {
    audit.step(AuditEventType.DUPLICATE_IGNORED, in.exchangeId(), in.sender(), in.recipient(), inbox,
        in.metadata().packageSha256(), null, Map.of("fromGateway", in.peerGatewayId()));
  }

  /**
   * DELIVERED on the recipient's side: PACKAGE_DELIVERED and the Delivery evidence (once) in the
   * inbox folder; returns it, for the answer to the sender.
   */
  public Path deliveredToRecipient(Incoming in, String where) throws GatewayException {
    Path inbox = in.inbox();
    Path evidence = evidences.find(inbox, EvidenceType.Delivery);
    if (evidence != null && !Transition.isPending(inbox)) {
      return evidence;
    }
    Submission s = new Submission(in.exchangeId(), in.sender(), in.recipient(), in.exchangeId(), inbox);
    apply(s, inbox, new Transition(in.exchangeId(), in.sender(), in.recipient(), in.exchangeId(), null, null,
        List.of(Transition.Event.of(AuditEventType.PACKAGE_DELIVERED, Map.of("to", where)),
            evidenceIssued(EvidenceType.Delivery)), "",
        List.of(Transition.Due.issue(EvidenceType.Delivery, "Received from gateway " + in.peerGatewayId()
            + ", verified and delivered to " + where)), Transition.Move.NONE, null, 0, in.metadata().packageSha256(),
        null));
    return evidences.find(inbox, EvidenceType.Delivery);
  }

  /**
   * REFUSED: a final refusal of a package from a peer — EXCHANGE_FAILED and a signed
   * RelayRejection kept under {@code ROOT/.relay-rejections/EXCHANGE-ID/}; returns it (once issued,
   * a repeated refusal returns the same one).
   */
  public Path refused(TransferMetadata m, String peerGatewayId, GatewayException why) throws GatewayException {
    Path dir = folders.root().resolve(".relay-rejections").resolve(m.exchangeId());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot record the refusal of " + m.exchangeId(), e);
    }
    Path evidence = evidences.find(dir, EvidenceType.RelayRejection);
    if (evidence != null && !Transition.isPending(dir)) {
      return evidence;
    }
    Submission s = new Submission(m.exchangeId(), m.senderParticipant(), m.recipientParticipant(), m.exchangeId(), dir);
    apply(s, dir, new Transition(m.exchangeId(), m.senderParticipant(), m.recipientParticipant(), m.exchangeId(), null,
        null, List.of(new Transition.Event(AuditEventType.EXCHANGE_FAILED, why.reason(), Map.of("refusedToGateway",
            peerGatewayId)), evidenceIssued(EvidenceType.RelayRejection)), "",
        List.of(new Transition.Due(EvidenceType.RelayRejection, why.reason().name(), why.getMessage(), null)),
        Transition.Move.NONE, null, 0, m.packageSha256(), null));
    return evidences.find(dir, EvidenceType.RelayRejection);
  }

  /**
   * A refusal that is not final (the recipient's gateway busy, its disk full): recorded, no
   * evidence — the sender tries again.
   */
  public void notTakenNow(TransferMetadata m, String peerGatewayId, GatewayException why) throws GatewayException {
    audit.step(AuditEventType.EXCHANGE_FAILED, m.exchangeId(), m.senderParticipant(), m.recipientParticipant(), null,
        m.packageSha256(), why.reason(), Map.of("refusedToGateway", peerGatewayId, "final", "false"));
  }

  /**
   * RETRIEVED / TAKEN: the recipient took the exchange from its inbox ({@code mlagw ack}, or an
   * {@code EXCHANGE-ID.taken} marker). EXCHANGE_RETRIEVED and a Retrieval evidence (in the sender's
   * sent/ folder when the sender is hosted here, else in the inbox folder, to be reported to the
   * sender's gateway). Returns false if it had been recorded before.
   */
  public boolean retrieved(String recipient, String exchangeId) throws GatewayException {
    synchronized (locks.of(exchangeId)) {
      return retrievedLocked(recipient, exchangeId);
    }
  }

  private boolean retrievedLocked(String recipient, String exchangeId) throws GatewayException {
    Path inbox = folders.inbox(recipient).resolve(exchangeId);
    if (!Files.isDirectory(inbox)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "there is no exchange " + exchangeId + " in the inbox of "
          + recipient + "; check the exchange id and the participant (mlagw status --config ...)");
    }
    try {
      if (INBOX_STATUS_TAKEN.equals(StatusFiles.state(inbox)) && !Transition.isPending(inbox)) {
        return false;
      }
      eu.mlagw.pkg.PackageMetadata metadata = eu.mlagw.pkg.PackageMetadata.parse(Files.readAllBytes(
          inbox.resolve(eu.mlagw.pkg.PackageMetadata.ENTRY)));
      String sender = metadata.sender();
      Path sent = folders.sent(sender).resolve(exchangeId);
      Transition.Due due = Transition.Due.issue(EvidenceType.Retrieval, recipient + " took the exchange from its inbox");
      List<Transition.Event> events = List.of(Transition.Event.of(AuditEventType.EXCHANGE_RETRIEVED, Map.of()),
          evidenceIssued(EvidenceType.Retrieval));
      Submission atInbox = new Submission(exchangeId, sender, recipient, exchangeId, inbox);
      if (Files.isDirectory(sent)) {
        // the sender is hosted here: the evidence is filed with its exchange; the inbox shows TAKEN
        Submission atSent = new Submission(exchangeId, sender, recipient, nameIn(sent, exchangeId), sent);
        if (!"RETRIEVED".equals(StatusFiles.state(sent)) || Transition.isPending(sent)) {
          apply(atSent, sent, new Transition(exchangeId, sender, recipient, atSent.name(), "RETRIEVED", recipient
            + " took it from its inbox", events, "", List.of(due), Transition.Move.NONE, null, 0, null, null));
        }
        apply(atInbox, inbox, new Transition(exchangeId, sender, recipient, exchangeId, INBOX_STATUS_TAKEN, "Taken by "
            + recipient, List.of(), "", List.of(), Transition.Move.NONE, null, 0, null, null));
      } else {
        apply(atInbox, inbox, new Transition(exchangeId, sender, recipient, exchangeId, INBOX_STATUS_TAKEN, "Taken by "
            + recipient, events, "", List.of(due), Transition.Move.NONE, null, 0, null, null));
      }
      return true;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot record the retrieval of " + exchangeId + ": "
          + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- the one way a state changes

  private void apply(Submission s, Path dir, Transition t) throws GatewayException {
    try {
      Transition recorded = t.withLogSize(audit.size());
      recorded.writeTo(dir);
      complete(dir, recorded, false);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "exchange " + s.exchangeId() + ": cannot record its state in "
          + dir.getFileName() + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Does what {@code t} says, in order: events (unless {@code recovering} finds them appended),
   * evidences (unless there), status files, the move, then deletes the record. Each step can be
   * repeated without doing it twice.
   */
  private void complete(Path dir, Transition t, boolean recovering) throws IOException, GatewayException {
    Path packageFile = dir.resolve("package.p7m");
    long packageBytes = Files.isRegularFile(packageFile, LinkOption.NOFOLLOW_LINKS) ? Files.size(packageFile) : -1;
    if (completeSteps(dir, t, recovering)) {
      TransitionNotice.tell(listener, t, isSenderFolder(dir, t.sender()), packageBytes, clock.instant());
    }
  }

  private boolean isSenderFolder(Path dir, String sender) {
    return dir.startsWith(folders.work(sender)) || dir.startsWith(folders.sent(sender));
  }

  /** The steps of {@link #complete}; false if there was nothing to do (a claim whose submission left the outbox). */
  private boolean completeSteps(Path dir, Transition t, boolean recovering) throws IOException, GatewayException {
    // a claim takes the submission out of the outbox before SUBMISSION_CLAIMED is appended: the
    // rename is what makes the claim exclusive, so a claimer killed before it leaves no event behind
    // when another node of the gateway (or the outbox's owner) takes the submission meanwhile
    if ("SUBMITTED".equals(t.state()) && t.sending() == null && t.move() != Transition.Move.TO_FAILED
        && !finishClaimRename(dir, t)) {
      ReturnedFolder.deleteTree(dir); // the submission left the outbox before it was claimed: nothing to do
      return false;
    }
    if (recovering) {
      appendMissingEvents(dir, t);
    } else {
      appendEvents(dir, t);
    }
    if (t.move() == Transition.Move.TO_FAILED) {
      completeFailure(dir, t);
      return true;
    }
    Path evidenceDir = t.evidenceDir().isEmpty() ? dir : dir.resolve(t.evidenceDir());
    issueEvidences(dir, evidenceDir, t);
    if (t.state() != null) {
      writeStatus(dir, t);
    }
    if (t.state() != null && Set.of("DELIVERED", "RELAYED", "RETRIEVED").contains(t.state())) {
      // nothing left to send; RETRIEVED too: a retried transfer whose retrieval was reported before
      // its answer was filed ends in RETRIEVED, and its marker would otherwise wait for a rescan
      Files.deleteIfExists(folders.work(t.sender()).resolve(t.exchangeId() + PENDING));
    }
    if (t.move() == Transition.Move.TO_SENT) {
      Path target = folders.sent(t.sender()).resolve(t.exchangeId());
      receipts.write(dir, submissionOf(t, dir));
      Files.createDirectories(target.getParent());
      Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
      dir = target;
    } else if (t.state() != null && dir.startsWith(folders.root()) && isSentFolder(dir, t.sender())) {
      receipts.write(dir, submissionOf(t, dir));
    }
    Files.deleteIfExists(dir.resolve(Transition.FILE));
    return true;
  }

  private boolean isSentFolder(Path dir, String sender) {
    return dir.getParent() != null && dir.getParent().equals(folders.sent(sender));
  }

  /** The transition's events as one batch (at recovery, {@link #appendMissingEvents} appends them one by one). */
  private void appendEvents(Path dir, Transition t) throws GatewayException {
    if (t.events().isEmpty()) {
      return;
    }
    List<ExchangeAudit.Step> steps = new ArrayList<>(t.events().size());
    for (Transition.Event e : t.events()) {
      steps.add(new ExchangeAudit.Step(e.type(), e.reason(), e.details()));
    }
    audit.steps(steps, t.exchangeId(), t.sender(), t.recipient(), dir, t.packageDigest());
  }

  /** At recovery: appends those events of {@code t} the log does not hold since the record was written. */
  private void appendMissingEvents(Path dir, Transition t) throws GatewayException {
    List<String> present = new ArrayList<>(audit.recordedSince(t.logSize(), t.exchangeId()));
    for (Transition.Event e : t.events()) {
      String key = ExchangeAudit.key(e.type(), e.details());
      if (!present.remove(key)) {
        audit.step(e.type(), t.exchangeId(), t.sender(), t.recipient(), dir, t.packageDigest(), e.reason(),
            e.details());
      }
    }
  }

  private void issueEvidences(Path dir, Path evidenceDir, Transition t) throws GatewayException, IOException {
    for (Transition.Due due : t.evidences()) {
      if (evidences.find(evidenceDir, due.type()) != null) {
        continue;
      }
      if (due.receivedFile() != null) {
        Path received = dir.resolve(due.receivedFile());
        evidences.store(evidenceDir, due.type(), Files.readAllBytes(received));
        Files.deleteIfExists(received);
      } else {
        Path packageFile = dir.resolve("package.p7m");
        if (t.packageDigest() != null) {
          evidences.issueForDigest(evidenceDir, due.type(), t.exchangeId(), t.sender(), t.recipient(),
              t.packageDigest(), due.reasonCode(), due.text());
        } else {
          evidences.issue(evidenceDir, due.type(), t.exchangeId(), t.sender(), t.recipient(),
              Files.exists(packageFile) ? packageFile : null, due.reasonCode(), due.text());
        }
      }
    }
  }

  private void writeStatus(Path dir, Transition t) throws IOException {
    List<StatusFiles.Step> steps = new ArrayList<>(StatusFiles.read(dir));
    StatusFiles.Step step = new StatusFiles.Step(clock.instant(), t.state(), t.statusText());
    StatusFiles.Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
    if (last != null && last.state().equals(t.state())
        && (last.text().equals(t.statusText()) || t.sending() != null)) {
      steps.set(steps.size() - 1, step); // a repeated step (the retries, a completed transition): one line
    } else {
      steps.add(step);
    }
    StatusFiles.Sending sending = t.sending();
    String sendingText = sending == null ? null : receipts.text(t.sender(), "status.sending", sending.attempt(),
        sending.lastError(), sending.reasonCode()) + "\n" + receipts.text(t.sender(), "status.nextAttempt",
            sending.nextAttempt()) + "\n" + receipts.text(t.sender(), "status.givesUpAt", sending.givesUpAt());
    // the inbox's files are read by the recipient's office, the others by the sender's
    String reader = INBOX_STATUS_RECEIVED.equals(t.state()) || INBOX_STATUS_TAKEN.equals(t.state()) ? t.recipient()
        : t.sender();
    StatusFiles.write(dir, t.exchangeId(), t.sender(), t.recipient(), t.submission(), steps, sending, sendingText,
        state -> receipts.label(reader, "state." + state));
  }

  /**
   * FAILED: the submission as dropped, error.txt, the status files and every evidence of the
   * exchange are assembled in {@code returned/NAME} inside the exchange's folder and reach failed/
   * by one rename; then the exchange's folder is removed.
   */
  private void completeFailure(Path dir, Transition t) throws IOException, GatewayException {
    Path returnedDir = dir.resolve(RETURNED);
    Path returned = returnedDir.resolve(t.submission());
    if (Files.isDirectory(returnedDir) && !Files.exists(returned, LinkOption.NOFOLLOW_LINKS)) {
      removeExchangeFolder(dir, t); // moved to failed/ before a stop: only the cleaning is left
      return;
    }
    Path original = dir.resolve("original").resolve(t.submission());
    if (Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isDirectory(original, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(returnedDir);
        Files.move(original, returned, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.createDirectories(returned);
        Files.move(original, returned.resolve(t.submission()), StandardCopyOption.ATOMIC_MOVE);
      }
    } else {
      Files.createDirectories(returned);
    }
    StatusFiles.atomicWrite(returned.resolve("error.txt"), t.errorText());
    ReturnedFolder.ownEvidenceFolder(returned, t.exchangeId());
    Path earlier = dir.resolve(EvidenceIssuer.FOLDER);
    if (Files.isDirectory(earlier)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(earlier, "*.p7s")) {
        for (Path f : files) {
          Path target = returned.resolve(EvidenceIssuer.FOLDER).resolve(f.getFileName());
          if (!Files.exists(target)) {
            Files.copy(f, target);
          }
        }
      }
    }
    issueEvidences(dir, returned, t);
    for (String file : List.of("status.txt", "status.json", StatusFiles.CASES_FILE)) {
      if (Files.exists(dir.resolve(file)) && !Files.exists(returned.resolve(file))) {
        Files.copy(dir.resolve(file), returned.resolve(file));
      }
    }
    List<StatusFiles.Step> steps = new ArrayList<>(StatusFiles.read(returned));
    steps.add(new StatusFiles.Step(clock.instant(), "FAILED", t.statusText()));
    StatusFiles.write(returned, t.exchangeId(), t.sender(), t.recipient(), t.submission(), steps, null);
    ReturnedFolder.restrict(returned.resolve(EvidenceIssuer.FOLDER));
    Path target = folders.failed(t.sender()).resolve(t.submission());
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      target = folders.failed(t.sender()).resolve(t.submission() + "-" + t.exchangeId());
    }
    Files.deleteIfExists(returned.resolve(".gateway-evidences"));
    Files.createDirectories(target.getParent());
    Files.move(returned, target, StandardCopyOption.ATOMIC_MOVE);
    removeExchangeFolder(dir, t);
  }

  private void removeExchangeFolder(Path dir, Transition t) throws IOException {
    Files.deleteIfExists(folders.work(t.sender()).resolve(t.exchangeId() + PENDING));
    ReturnedFolder.deleteTree(dir);
  }

  // ---------------------------------------------------------------- recovery at start

  /**
   * Completes every transition a stopped or killed node left written down but not finished, for the
   * {@code hosted} participants: in .work/, sent/, the inboxes (and their staging folders, released
   * when verified, else removed) and the refusals. Returns the number completed.
   */
  /** Completes the transition recorded in {@code dir} if the record is one of exchange {@code id}; 1 if it did. */
  private int completeRecorded(Path dir, String id) throws IOException, GatewayException {
    java.util.Optional<Transition> t = Transition.readFrom(dir, id);
    if (t.isEmpty()) {
      return 0;
    }
    complete(dir, t.get(), true);
    return 1;
  }

  public int recover(List<String> hosted) throws GatewayException {
    int done = 0;
    try {
      for (String p : hosted) {
        for (Path dir : list(folders.work(p), Files::isDirectory)) {
          // in a shared drop root, an exchange a live node of the cluster owns is that node's to finish
          if (Transition.isPending(dir) && pending.mayResume(dir.getFileName().toString())) {
            done += completeRecorded(dir, dir.getFileName().toString());
          }
        }
        Path inbox = folders.inbox(p);
        for (Path staging : list(inbox, f -> f.getFileName().toString().startsWith(".")
            && f.getFileName().toString().contains(".opening-") && Files.isDirectory(f))) {
          String name = staging.getFileName().toString();
          String id = name.substring(1, name.indexOf(".opening-"));
          Path target = inbox.resolve(id);
          if (Transition.isPending(staging) && !Files.exists(target)
              && Transition.readFrom(staging, id).isPresent()) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE); // verified and recorded: release it
            done += completeRecorded(target, id);
          } else {
            ReturnedFolder.deleteTree(staging); // never verified: nothing visible was made of it
          }
        }
        for (Path dir : list(inbox, Files::isDirectory)) {
          if (Transition.isPending(dir)) {
            done += completeRecorded(dir, dir.getFileName().toString());
          }
        }
        for (Path dir : list(folders.sent(p), Files::isDirectory)) {
          if (Transition.isPending(dir)) { // e.g. a retrieval recorded here
            done += completeRecorded(dir, dir.getFileName().toString());
          }
        }
      }
      for (Path dir : list(folders.root().resolve(".relay-rejections"), Files::isDirectory)) {
        if (Transition.isPending(dir)) {
          done += completeRecorded(dir, dir.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot finish the exchanges a stopped node left under "
          + folders.root() + ": " + e.getMessage() + "; check the folder's permissions and free space", e);
    }
    if (done > 0) {
      LOG.info("completed {} interrupted state change(s) of exchanges", done);
    }
    return done;
  }

  /** A claim recorded but not renamed yet: the submission is taken from the outbox now (or was). */
  private boolean finishClaimRename(Path work, Transition t) throws IOException {
    Path original = work.resolve("original").resolve(t.submission());
    if (Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    Path from = Path.of(Files.readString(work.resolve(CLAIMED_FROM)).strip());
    try {
      Files.move(from, original, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.NoSuchFileException gone) {
      LOG.warn("exchange {}: {} left the outbox before it was claimed", t.exchangeId(), from);
      return false;
    }
    Files.deleteIfExists(from.resolveSibling(t.submission() + ".ready"));
    return true;
  }

  // ---------------------------------------------------------------- helpers

  private static Transition.Event evidenceIssued(EvidenceType type) {
    return Transition.Event.of(AuditEventType.EVIDENCE_ISSUED, Map.of("evidence", type.name()));
  }

  private Path pendingMarker(Submission s) {
    return folders.work(s.sender()).resolve(s.exchangeId() + PENDING);
  }

  private Submission atSent(Submission s) {
    return new Submission(s.exchangeId(), s.sender(), s.recipient(), s.name(),
        folders.sent(s.sender()).resolve(s.exchangeId()));
  }

  /** Sealed = moved to sent/ (its package made, its acceptance issued). */
  boolean isSealed(Submission s) {
    return s.workDir().getParent().equals(folders.sent(s.sender()));
  }

  /** Where the exchange is now (.work/ or sent/), or null when it has ended (failed/). */
  private Submission current(Submission s) {
    if (Files.isDirectory(s.workDir())) {
      return s;
    }
    Path sent = folders.sent(s.sender()).resolve(s.exchangeId());
    return Files.isDirectory(sent) ? atSent(s) : null;
  }

  private static String stateOf(Submission s) {
    try {
      return StatusFiles.state(s.workDir());
    } catch (IOException e) {
      return null;
    }
  }

  private Instant firstAttempt(Submission s) {
    try {
      return Instant.parse(Files.readString(s.workDir().resolve(FIRST_ATTEMPT)).strip());
    } catch (IOException | RuntimeException e) {
      return clock.instant();
    }
  }

  private static String caseLine(Submission s) {
    try {
      List<String> cases = StatusFiles.caseReferences(s.workDir());
      return cases.isEmpty() ? "" : "Case: " + String.join(", ", cases) + "\n";
    } catch (IOException e) {
      return "";
    }
  }

  private static Submission submissionOf(Transition t, Path dir) {
    return new Submission(t.exchangeId(), t.sender(), t.recipient(), t.submission(), dir);
  }

  private static String nameIn(Path sent, String fallback) throws IOException {
    String name = StatusFiles.submissionName(sent);
    return name == null || name.isBlank() ? fallback : name;
  }

  private static List<Path> list(Path dir, DirectoryStream.Filter<Path> filter) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, filter)) {
      s.forEach(out::add);
    }
    return out;
  }
}
