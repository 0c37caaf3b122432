package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.ListAuditStore;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.transport.TransferMetadata;
import eu.mlagw.transport.TransferReceipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every transition of an exchange through the real lifecycle beans (claim, policy, seal,
 * retry, relay, local delivery, duplicate, ack, failure, refusal, not now, relay rejection, reported
 * retrieval, and a transition completed after a crash) and asserts each records exactly the audit
 * events docs/auditors.md lists for it: the manual's table and this test's walk are the same list.
 */
class TransitionTableTest {
  static final String SENDER = GatewayNodeTest.SENDER;
  static final String COURT = GatewayNodeTest.COURT;
  @TempDir static Path pki;
  @TempDir Path home;
  private final ListAuditStore store = new ListAuditStore("gw-test");
  private final Map<String, List<String>> walked = new LinkedHashMap<>();
  private long seen;

  private DropFolders drop;
  private GatewayConfig config;
  private Directory directory;
  private GatewayKeys keys;
  private final Clock clock = Clock.systemUTC();
  private EvidenceIssuer evidences;
  private ExchangeLifecycle lifecycle;
  private PendingExchanges pending;

  @BeforeAll
  static void makePki() {
    GatewayNodeTest.makePki(pki);
  }

  /** The table of docs/auditors.md: transition -> its events ("TYPE" or "TYPE/Evidence"). */
  static Map<String, List<String>> documented() throws Exception {
    Map<String, List<String>> table = new LinkedHashMap<>();
    String doc = Files.readString(Path.of("docs/auditors.md"));
    String section = doc.substring(doc.indexOf("### The audited steps"));
    Pattern row = Pattern.compile("(?m)^\\| ([a-z][a-z ]+?) \\| [a-z’']+ \\| (.+?) \\|");
    Matcher m = row.matcher(section.substring(0, section.indexOf("\n\n", section.indexOf("| transition"))));
    while (m.find()) {
      List<String> events = new ArrayList<>();
      Matcher e = Pattern.compile("`([A-Z_]+(?:/[A-Za-z]+)?)`").matcher(m.group(2));
      while (e.find()) {
        events.add(e.group(1));
      }
      table.put(m.group(1), events);
    }
    return table;
  }

  /** The events appended since the last call, as keys. */
  private void step(String transition) {
    List<String> keys = new ArrayList<>();
    for (AuditEvent e : store.read(seen, store.size())) {
      keys.add(ExchangeAudit.key(e.record().type(), e.record().details()));
    }
    seen = store.size();
    walked.put(transition, keys);
  }

  /** One gateway (gw-test) hosting both offices, its lifecycle recording into {@link #store}. */
  @org.junit.jupiter.api.BeforeEach
  void lifecycle() throws Exception {
    GatewayNodeTest.writeConfig(home, pki);
    drop = new DropFolders(home.resolve("drop"));
    config = new ConfigLoader().load(home.resolve("config"));
    directory = Directory.of(config);
    keys = new GatewayKeys(config, directory, Map.of());
    evidences = new EvidenceIssuer("gw-test", new eu.mlagw.crypto.DetachedSigner(keys.gatewaySeal()), clock);
    lifecycle = new ExchangeLifecycle(drop, evidences,
        new ExchangeAudit(r -> store.append(r, java.time.Instant.now()), () -> store),
        new SenderReceipts(directory, GatewayNode.loadMappings(config),
            new eu.mlagw.crypto.DetachedSigner(keys.gatewaySeal()), eu.mlagw.evidence.EvidenceVerifier.forGateway(keys)), config.retry(),
        pending = new PendingExchanges(drop, new LocalExchangeClaims(), clock), clock);
  }

  @Test
  void everyTransitionRecordsExactlyTheDocumentedEvents() throws Exception {
    eu.mlagw.metadata.Mappings mappings = GatewayNode.loadMappings(config);
    SubmissionClaimer claimer = new SubmissionClaimer(List.of(SENDER, COURT), lifecycle, new LocalExchangeClaims());
    claimer.createFolders();
    ExchangePolicy policy = new ExchangePolicy(directory, lifecycle);
    SubmissionSealer sealer = new SubmissionSealer(config, directory, keys, mappings, lifecycle, clock);
    Reception reception = new Reception(directory, keys, new RecipientRendering(directory, mappings), lifecycle,
        clock);
    PeerSender sender = new PeerSender(directory, keys, null, lifecycle, clock);

    // one exchange from claim to retrieval, the recipient hosted here
    drop(drop, "request-1");
    Submission s = claimer.claimReady().get(0);
    step("claimed");
    policy.check(s);
    step("policy decided");
    s = sealer.seal(s);
    step("sealed");
    assertEquals("SEALED", StatusFiles.state(s.workDir()), "in sent/ from sealing on");
    lifecycle.failed(s, new GatewayException(ReasonCode.PEER_UNREACHABLE, "connection refused"));
    step("retry scheduled");
    assertEquals("SENDING", StatusFiles.state(s.workDir()));
    assertEquals(1, StatusFiles.sending(s.workDir()).attempt());
    String statusTxt = Files.readString(s.workDir().resolve("status.txt"));
    assertTrue(statusTxt.contains("Ende e padorëzuar. Përpjekja 1 dështoi") && statusTxt.contains("Përpjekja e radhës: ")
        && statusTxt.contains("(PEER_UNREACHABLE)"), "the Albanian office reads where it stands in Albanian:\n"
        + statusTxt);
    Incoming in = reception.open(reception.local(s));
    step("verified and released");
    TransferReceipt receipt = reception.acknowledge(in);
    step("delivered to the recipient");
    reception.open(reception.local(s));
    step("duplicate");
    sender.fileLocal(s, receipt);
    step("delivered");
    assertEquals("DELIVERED", StatusFiles.state(s.workDir()));
    lifecycle.retrieved(COURT, s.exchangeId());
    step("retrieved");
    assertEquals("RETRIEVED", StatusFiles.state(s.workDir()));
    assertEquals("request-1", StatusFiles.submissionName(s.workDir()), "the submission keeps its own name");
    assertEquals("TAKEN", StatusFiles.state(drop.inbox(COURT).resolve(s.exchangeId())));
    String sentTxt = Files.readString(s.workDir().resolve("status.txt"));
    assertTrue(sentTxt.contains("Vulosur (nënshkruar dhe enkriptuar) — ") && sentTxt.contains("Dorëzuar te marrësi — ")
        && sentTxt.contains("Marrë nga marrësi — "), "each step named in the Albanian sender's language:\n" + sentTxt);
    String inboxTxt = Files.readString(drop.inbox(COURT).resolve(s.exchangeId()).resolve("status.txt"));
    assertTrue(inboxTxt.contains("Primljeno — ") && inboxTxt.contains("Preuzeto iz prijemnog sandučeta — "),
        "the court's inbox in its own language (sr-Latn):\n" + inboxTxt);
    Path retrieval = evidences.find(s.workDir(), EvidenceType.Retrieval);

    // a second one: relayed by a peer, which later reports the retrieval
    drop(drop, "request-2");
    Submission relayed = sealer.seal(claimer.claimReady().get(0));
    seen = store.size();
    lifecycle.delivered(relayed, "gw-rs", true, "accepted", null);
    step("relayed");
    lifecycle.retrievalReported(relayed, "gw-rs", Files.readAllBytes(retrieval));
    step("retrieval reported");

    // a third one: refused by the peer, then failed for good
    drop(drop, "request-3");
    Submission refused = sealer.seal(claimer.claimReady().get(0));
    seen = store.size();
    TransferMetadata m = TransferMetadata.forFile(refused.exchangeId(), SENDER, COURT, "gw-test", refused.packageFile());
    GatewayException why = new GatewayException(ReasonCode.SIGNATURE_INVALID, "the seal does not verify");
    Path rejection = lifecycle.refused(m, "gw-al", why);
    step("refused");
    lifecycle.notTakenNow(m, "gw-al", new GatewayException(ReasonCode.BUSY, "busy"));
    step("not taken now");
    lifecycle.relayRejectionReceived(refused, "gw-rs", Files.readAllBytes(rejection));
    step("relay rejection received");
    lifecycle.failed(refused, why);
    step("failed");
    Path failed = drop.failed(SENDER).resolve("request-3");
    assertTrue(Files.readString(failed.resolve("error.txt")).contains("Reason code: SIGNATURE_INVALID"));
    try (var files = Files.list(failed.resolve("evidences"))) {
      assertEquals(List.of("01-SubmissionAcceptance.p7s", "02-RelayRejection.p7s", "03-NonDelivery.p7s"),
          files.map(f -> f.getFileName().toString()).sorted().toList(), "every evidence comes back, once");
    }

    Map<String, List<String>> table = documented();
    table.remove("transition"); // the header
    table.remove("received from a peer"); // walked by TwoGatewaysTest through the listener (ExchangePolicy.checkIncoming)
    assertEquals(table, walked, "docs/auditors.md's table of audited steps and what the lifecycle records");
  }

  @Test
  void aTransitionInterruptedAfterItsEventsIsCompletedOnceAtStart() throws Exception {
    SubmissionClaimer claimer = new SubmissionClaimer(List.of(SENDER, COURT), lifecycle, new LocalExchangeClaims());
    claimer.createFolders();
    drop(drop, "request-9");
    Submission s = claimer.claimReady().get(0);
    new SubmissionSealer(config, directory, keys, GatewayNode.loadMappings(config), lifecycle, clock).seal(s);
    Path sent = drop.sent(SENDER).resolve(s.exchangeId());
    // killed after PACKAGE_SEALED and EVIDENCE_ISSUED were appended, before the evidence, status and move:
    // put the exchange back as it was then
    Transition t = new Transition(s.exchangeId(), SENDER, COURT, "request-9", "SEALED", "Sealed",
        List.of(Transition.Event.of(eu.mlagw.audit.AuditEventType.PACKAGE_SEALED, Map.of("documents", "2",
            "requestFrom", "request.yaml")), Transition.Event.of(eu.mlagw.audit.AuditEventType.EVIDENCE_ISSUED,
                Map.of("evidence", "SubmissionAcceptance"))), "", List.of(Transition.Due.issue(
                    EvidenceType.SubmissionAcceptance, "Accepted")), Transition.Move.TO_SENT, null,
        store.size() - 2, PackageDigest.of(sent.resolve("package.p7m")), null);
    Files.move(sent, s.workDir());
    ReturnedFolder.deleteTree(s.workDir().resolve("evidences"));
    t.writeTo(s.workDir());
    long before = store.size();
    assertEquals(1, lifecycle.recover(List.of(SENDER, COURT)));
    assertEquals(before, store.size(), "the events were appended before the kill: not again");
    assertTrue(Files.isDirectory(sent) && !Files.exists(s.workDir()), "the move is completed");
    assertTrue(evidences.find(sent, EvidenceType.SubmissionAcceptance) != null, "the evidence is issued");
    assertTrue(!Files.exists(sent.resolve(Transition.FILE)), "the record is gone");
    assertEquals(0, lifecycle.recover(List.of(SENDER, COURT)), "once");
  }

  @Test
  void aRecordPlantedInTheDropFolderIsSetAsideNotApplied() throws Exception {
    // someone who can write into sent/ copies a record of one exchange into another's folder, and
    // plants an oversized one in a third, hoping a restart appends their events
    Path victim = Files.createDirectories(drop.sent(SENDER).resolve("0190a1b2-0000-7000-8000-000000000001"));
    new Transition("0190a1b2-0000-7000-8000-000000000002", SENDER, COURT, "x", "RETRIEVED", "Taken",
        List.of(Transition.Event.of(eu.mlagw.audit.AuditEventType.EXCHANGE_RETRIEVED, Map.of())), "", List.of(),
        Transition.Move.NONE, null, 0, null, null).writeTo(victim);
    Path other = Files.createDirectories(drop.sent(SENDER).resolve("0190a1b2-0000-7000-8000-000000000003"));
    Files.write(other.resolve(Transition.FILE), new byte[(int) Transition.MAX_RECORD_BYTES + 1]);
    long before = store.size();
    assertEquals(0, lifecycle.recover(List.of(SENDER, COURT)));
    assertEquals(before, store.size(), "no event appended from a record that is not the folder's own");
    for (Path dir : List.of(victim, other)) {
      assertTrue(!Files.exists(dir.resolve(Transition.FILE)) && Files.exists(dir.resolve(Transition.FILE + ".refused")),
          "set aside: " + dir);
      assertTrue(!Files.exists(dir.resolve("status.json")), "no state written: " + dir);
    }
  }

  @Test
  void aClaimInterruptedBeforeItsRenameLeavesNoEventWhenAnotherNodeTookTheSubmission() throws Exception {
    SubmissionClaimer claimer = new SubmissionClaimer(List.of(SENDER, COURT), lifecycle, new LocalExchangeClaims());
    claimer.createFolders();
    drop(drop, "request-7");
    Path source = drop.outbox(SENDER).resolve(COURT).resolve("request-7");
    // node A was killed after writing its claim down, before the rename out of the outbox
    String lost = "0190a1b2-0000-7000-8000-0000000000a1";
    Path work = Files.createDirectories(drop.work(SENDER).resolve(lost).resolve("original"));
    Files.writeString(work.resolveSibling(ExchangeLifecycle.CLAIMED_FROM), source.toString());
    new Transition(lost, SENDER, COURT, "request-7", "SUBMITTED", "Picked up", List.of(Transition.Event.of(
        eu.mlagw.audit.AuditEventType.SUBMISSION_CLAIMED, Map.of("submission", "request-7"))), "", List.of(),
        Transition.Move.NONE, null, store.size(), null, null).writeTo(work.getParent());
    // node B claims the submission meanwhile; then A restarts and recovers
    Submission taken = claimer.claimReady().get(0);
    lifecycle.recover(List.of(SENDER, COURT));
    assertTrue(!Files.exists(work.getParent()), "A's claim is undone");
    List<String> claims = store.read(0, store.size()).stream()
        .filter(e -> e.record().type() == eu.mlagw.audit.AuditEventType.SUBMISSION_CLAIMED)
        .map(e -> e.record().exchangeId()).toList();
    assertEquals(List.of(taken.exchangeId()), claims, "one claim recorded, B's");
  }

  @Test
  void aClaimInterruptedAfterItsRenameIsRecordedAtStart() throws Exception {
    String id = "0190a1b2-0000-7000-8000-0000000000a2";
    Path work = claimKilledAfterItsRename("request-8", id);
    assertEquals(1, lifecycle.recover(List.of(SENDER, COURT)));
    assertEquals(List.of("SUBMISSION_CLAIMED " + id), store.read(0, store.size()).stream()
        .map(e -> e.record().type() + " " + e.record().exchangeId()).toList(), "the claim is recorded once");
    assertEquals("SUBMITTED", StatusFiles.state(work.getParent()));
  }

  /**
   * In a shared drop root: a node killed after its claim's rename, before SUBMISSION_CLAIMED, is taken
   * over by a live node's rescan (not by a start's recovery). Seen in SharedDropRootClusterTest: the
   * exchange was sealed and delivered by the other node, and its claim was never recorded.
   */
  @Test
  void aClaimLeftUnfinishedByANodeThatLeftIsRecordedWhenARescanTakesItOver() throws Exception {
    String id = "0190a1b2-0000-7000-8000-0000000000a6";
    Path work = claimKilledAfterItsRename("request-6", id);

    assertEquals(1, pending.scan(List.of(SENDER, COURT)), "the rescan takes the exchange over");
    assertEquals(List.of("SUBMISSION_CLAIMED " + id), store.read(0, store.size()).stream()
        .map(e -> e.record().type() + " " + e.record().exchangeId()).toList(), "the claim is recorded, once");
    assertTrue(!Transition.isPending(work.getParent()), "the left record is finished");
    assertEquals("SUBMITTED", StatusFiles.state(work.getParent()));
    assertEquals(List.of(id), pending.due().stream().map(Submission::exchangeId).toList(), "then it is sealed");
    pending.scan(List.of(SENDER, COURT));
    assertEquals(1, store.size(), "a second scan records nothing more");
  }

  @Test
  void aLateAnswerToARetriedTransferAfterTheRetrievalEndsTheExchangeWithNothingLeftToSend() throws Exception {
    eu.mlagw.metadata.Mappings mappings = GatewayNode.loadMappings(config);
    SubmissionClaimer claimer = new SubmissionClaimer(List.of(SENDER, COURT), lifecycle, new LocalExchangeClaims());
    claimer.createFolders();
    SubmissionSealer sealer = new SubmissionSealer(config, directory, keys, mappings, lifecycle, clock);
    drop(drop, "request-9");
    Submission s = sealer.seal(claimer.claimReady().get(0));
    Path marker = drop.work(SENDER).resolve(s.exchangeId() + ExchangeLifecycle.PENDING);
    assertTrue(Files.exists(marker), "a sealed exchange is marked as still to be sent");
    // the peer delivered an earlier attempt and reported the retrieval; the answer to the retry comes last
    lifecycle.delivered(s, "gw-rs", true, "accepted", null);
    Files.createFile(marker); // as a kill between the first transfer and its filing leaves it
    Path issuedByThePeer = evidences.issue(Files.createTempDirectory(home, "peer"), EvidenceType.Retrieval,
        s.exchangeId(), SENDER, COURT, s.packageFile(), null, "taken");
    lifecycle.retrievalReported(s, "gw-rs", Files.readAllBytes(issuedByThePeer));
    lifecycle.delivered(s, "gw-rs", true, "accepted", null);
    assertEquals("RETRIEVED", StatusFiles.state(s.workDir()), "the state does not go back");
    assertTrue(!Files.exists(marker), "nothing is left to send, so no marker waits for a rescan");
  }

  @Test
  void aRetrievalReportedBeforeTheTransferWasAnsweredKeepsItSendingUntilTheAnswerBringsItsEvidences()
      throws Exception {
    // seen in the kill -9 test: the recipient's gateway delivered an attempt whose answer was lost, the
    // recipient took it, and its Retrieval report came while the sender still waited to retry
    eu.mlagw.metadata.Mappings mappings = GatewayNode.loadMappings(config);
    SubmissionClaimer claimer = new SubmissionClaimer(List.of(SENDER, COURT), lifecycle, new LocalExchangeClaims());
    claimer.createFolders();
    SubmissionSealer sealer = new SubmissionSealer(config, directory, keys, mappings, lifecycle, clock);
    drop(drop, "request-8");
    Submission s = sealer.seal(claimer.claimReady().get(0));
    Path marker = drop.work(SENDER).resolve(s.exchangeId() + ExchangeLifecycle.PENDING);
    String before = StatusFiles.state(s.workDir());
    pending.retryAt(s, clock.instant().plus(java.time.Duration.ofHours(1)));
    Path peer = Files.createTempDirectory(home, "peer");
    Path retrieval = evidences.issue(peer, EvidenceType.Retrieval, s.exchangeId(), SENDER, COURT, s.packageFile(),
        null, "taken");
    Path delivery = evidences.issue(peer, EvidenceType.Delivery, s.exchangeId(), SENDER, COURT, s.packageFile(),
        null, "delivered");
    seen = store.size();

    lifecycle.retrievalReported(s, "gw-rs", Files.readAllBytes(retrieval));
    step("reported early");
    assertEquals(List.of("EVIDENCE_RECEIVED/Retrieval"), walked.get("reported early"));
    assertEquals(before, StatusFiles.state(s.workDir()), "no answer to the transfer yet: the state stays");
    assertTrue(Files.exists(marker), "still to be sent: the marker stays");
    assertNotNull(evidences.find(s.workDir(), EvidenceType.Retrieval), "the Retrieval evidence is filed at once");
    assertEquals(List.of(s.exchangeId()), pending.due().stream().map(Submission::exchangeId).toList(),
        "the next attempt is due now, not in an hour");

    lifecycle.delivered(s, "gw-rs", true, "accepted", Files.readAllBytes(delivery));
    step("answered");
    assertEquals(List.of("PACKAGE_SENT", "EVIDENCE_ISSUED/RelayAcceptance", "EVIDENCE_RECEIVED/Delivery"),
        walked.get("answered"), "the answer records what the early Retrieval report had not");
    assertEquals("RETRIEVED", StatusFiles.state(s.workDir()), "the answer ends it where the recipient is");
    assertTrue(!Files.exists(marker), "nothing is left to send");
    for (EvidenceType type : List.of(EvidenceType.SubmissionAcceptance, EvidenceType.RelayAcceptance,
        EvidenceType.Delivery, EvidenceType.Retrieval)) {
      assertNotNull(evidences.find(s.workDir(), type), type + " is filed with the exchange");
    }
  }

  /**
   * What a node leaves when killed after its claim's rename, before SUBMISSION_CLAIMED: the claim's
   * record, the submission in {@code .work/ID/original/}. Returns that original/ folder.
   */
  private Path claimKilledAfterItsRename(String name, String id) throws Exception {
    new SubmissionClaimer(List.of(SENDER, COURT), lifecycle, new LocalExchangeClaims()).createFolders();
    drop(drop, name);
    Path source = drop.outbox(SENDER).resolve(COURT).resolve(name);
    Path work = Files.createDirectories(drop.work(SENDER).resolve(id).resolve("original"));
    Files.writeString(work.resolveSibling(ExchangeLifecycle.CLAIMED_FROM), source.toString());
    StatusFiles.writeRecipient(work.getParent(), COURT);
    new Transition(id, SENDER, COURT, name, "SUBMITTED", "Picked up", List.of(Transition.Event.of(
        eu.mlagw.audit.AuditEventType.SUBMISSION_CLAIMED, Map.of("submission", name))), "", List.of(),
        Transition.Move.NONE, null, store.size(), null, null).writeTo(work.getParent());
    Files.move(source, work.resolve(name));
    return work;
  }

  private static void drop(DropFolders drop, String name) throws Exception {
    Path folder = Files.createDirectories(drop.outbox(SENDER).resolve(COURT).resolve(name));
    Files.writeString(folder.resolve("request.yaml"), "subject: Call records\ncaseReference: AL-2026-117\n");
    Files.write(folder.resolve("evidence.bin"), new byte[] {1, 2, 3, 4});
    Files.createFile(folder.resolveSibling(name + ".ready"));
  }
}
