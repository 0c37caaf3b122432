package eu.mlagw.routing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exchanges this node still has to move on, and when: those a stopped node left (found by
 * {@link #scan} at start: claimed but not sealed in .work/, sealed but not delivered, marked by
 * {@code .work/EXCHANGE-ID.pending}) and those waiting for their next attempt. {@link #due} hands
 * each out once until it is {@link #done}, rescheduled or {@link #abandon}ed, so two threads never
 * work on one exchange.
 */
public final class PendingExchanges {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PendingExchanges.class);
  private final DropFolders folders;
  private final Clock clock;
  private final ExchangeClaims claims;
  private final Map<String, Entry> waiting = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();

  private record Entry(Submission submission, Instant due) {}

  /** How often the folders are looked through again: exchanges of a node of the cluster that left. */
  static final java.time.Duration RESCAN = java.time.Duration.ofSeconds(30);
  private List<String> hosted = List.of();
  private Instant scanned = Instant.MIN;

  public PendingExchanges(DropFolders folders, ExchangeClaims claims, Clock clock) {
    this.folders = folders;
    this.claims = claims;
    this.clock = clock;
  }

  /** Finishes a transition recorded in a folder but not completed (ExchangeLifecycle's recovery step). */
  @FunctionalInterface
  interface RecordedTransitions {
    void finish(Path dir, String exchangeId) throws IOException, eu.mlagw.error.GatewayException;
  }

  private RecordedTransitions recordedTransitions;

  /** Set by the lifecycle this belongs to: how a scan finishes what a node that left had recorded. */
  synchronized void finishRecordedWith(RecordedTransitions finisher) {
    this.recordedTransitions = finisher;
  }

  private boolean finishRecorded(Path dir, String id) {
    if (recordedTransitions == null) {
      return true;
    }
    try {
      recordedTransitions.finish(dir, id);
      return true;
    } catch (IOException | eu.mlagw.error.GatewayException | RuntimeException e) {
      LOG.warn("exchange {}: cannot finish the state change recorded in {} yet ({}); tried again at the next scan", id,
          dir, e.getMessage());
      return false;
    }
  }

  /** Finds the unfinished exchanges of the {@code hosted} participants; each is due now. */
  public synchronized int scan(List<String> hosted) throws IOException {
    this.hosted = List.copyOf(hosted);
    this.scanned = clock.instant();
    int found = 0;
    for (String sender : hosted) {
      Path work = folders.work(sender);
      if (!Files.isDirectory(work)) {
        continue;
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(work)) {
        for (Path entry : s) {
          String file = entry.getFileName().toString();
          String id = file.endsWith(ExchangeLifecycle.PENDING)
              ? file.substring(0, file.length() - ExchangeLifecycle.PENDING.length()) : file;
          if (waiting.containsKey(id) || inFlight.contains(id)) {
            continue; // being worked on (a rescan must not touch it)
          }
          if (!file.endsWith(ExchangeLifecycle.PENDING) && !Files.isDirectory(entry)) {
            continue;
          }
          // Ownership first, before anything is read or removed: in a shared drop root another live node
          // may be claiming or sealing this exchange right now, and its package.p7m.part (or the folder
          // it has just made) is not a leftover. Removing them made that node's seal fail, and a
          // submission end in failed/ with "the package file ... does not exist" (the cluster kill test).
          if (!claims.own(id)) {
            continue;
          }
          // a transition another node (now gone) wrote down but did not finish is finished first, as a
          // start's recovery does: else the next step's record would replace it and its events (the claim)
          // would never be appended
          Path recorded = file.endsWith(ExchangeLifecycle.PENDING) ? folders.sent(sender).resolve(id) : entry;
          if (Transition.isPending(recorded) && !finishRecorded(recorded, id)) {
            claims.disown(id); // tried again at the next scan
            continue;
          }
          Submission found1 = file.endsWith(ExchangeLifecycle.PENDING) ? sealed(sender, id, entry) : claimed(sender, entry);
          if (found1 == null) {
            claims.disown(id); // nothing left to move on
            continue;
          }
          waiting.put(found1.exchangeId(), new Entry(found1, clock.instant()));
          found++;
        }
      }
    }
    return found;
  }

  private Submission sealed(String sender, String id, Path marker) throws IOException {
    Path sent = folders.sent(sender).resolve(id);
    String state = Files.isDirectory(sent) ? StatusFiles.state(sent) : null;
    if (state == null || !("SEALED".equals(state) || "SENDING".equals(state))) {
      Files.deleteIfExists(marker); // delivered, failed or gone: nothing left to send
      return null;
    }
    return new Submission(id, sender, StatusFiles.readRecipient(sent), nameOf(sent, id), sent);
  }

  private Submission claimed(String sender, Path dir) throws IOException {
    Path original = dir.resolve("original");
    List<Path> items = new ArrayList<>();
    if (Files.isDirectory(original)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(original)) {
        s.forEach(items::add);
      }
    }
    if (items.size() != 1) {
      if (items.isEmpty() && !Transition.isPending(dir) && finishLegacyReturn(sender, dir)) {
        return null;
      }
      if (items.isEmpty() && !Transition.isPending(dir)) {
        ReturnedFolder.deleteTree(dir); // stopped before the claim's rename: the submission is still in the outbox
      }
      return null;
    }
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "package.p7m*")) {
      for (Path part : parts) {
        Files.deleteIfExists(part); // a package never recorded as sealed is made again
      }
    }
    return new Submission(dir.getFileName().toString(), sender, StatusFiles.readRecipient(dir),
        items.get(0).getFileName().toString(), dir);
  }

  /**
   * A submission an earlier version assembled in {@code returned/} but had not moved to failed/ when
   * it stopped: moved now.
   */
  private boolean finishLegacyReturn(String sender, Path dir) throws IOException {
    Path returned = dir.resolve(ExchangeLifecycle.RETURNED);
    if (!Files.isDirectory(returned)) {
      return false;
    }
    try (DirectoryStream<Path> items = Files.newDirectoryStream(returned)) {
      for (Path item : items) {
        Path target = folders.failed(sender).resolve(item.getFileName());
        if (Files.exists(target)) {
          target = folders.failed(sender).resolve(item.getFileName() + "-" + dir.getFileName());
        }
        Files.move(item, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    }
    ReturnedFolder.deleteTree(dir);
    return true;
  }

  private static String nameOf(Path sent, String fallback) throws IOException {
    String name = StatusFiles.submissionName(sent);
    return name == null || name.isBlank() ? fallback : name;
  }

  /** The exchanges due now, each handed out once (until done, rescheduled or abandoned). */
  public synchronized List<Submission> due() throws IOException {
    Instant now = clock.instant();
    if (!hosted.isEmpty() && now.isAfter(scanned.plus(RESCAN))) {
      scan(hosted);
    }
    List<Submission> out = new ArrayList<>();
    for (var it = waiting.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (!e.due().isAfter(now) && inFlight.add(e.submission().exchangeId())) {
        out.add(e.submission());
        it.remove();
      }
    }
    return out;
  }

  /**
   * Whether this node may finish what is recorded of {@code exchangeId} at its start: no live other
   * node of the cluster owns it (it becomes this node's if so).
   */
  public synchronized boolean mayResume(String exchangeId) {
    return claims.own(exchangeId);
  }

  /** A new exchange this node claimed and is working on. */
  public synchronized void claimed(String exchangeId) {
    claims.own(exchangeId);
    inFlight.add(exchangeId);
  }

  /** Tries {@code s} again at {@code at}. */
  public synchronized void retryAt(Submission s, Instant at) {
    inFlight.remove(s.exchangeId());
    waiting.put(s.exchangeId(), new Entry(s, at));
  }

  /**
   * If {@code exchangeId} waits here for a later attempt, makes it due at {@code at} (an operator's
   * "retry now"); false when it does not wait here (an attempt runs, it ended, another node has it).
   */
  public synchronized boolean advance(String exchangeId, Instant at) {
    Entry e = waiting.get(exchangeId);
    if (e == null) {
      return false;
    }
    waiting.put(exchangeId, new Entry(e.submission(), at));
    return true;
  }

  /**
   * Takes {@code exchangeId} out of the waiting exchanges to end it (an operator gives up): from now on
   * it is in flight, so {@link #due} never hands it out; null when it does not wait here.
   */
  public synchronized Submission takeWaiting(String exchangeId) {
    Entry e = waiting.remove(exchangeId);
    if (e == null) {
      return null;
    }
    inFlight.add(exchangeId);
    return e.submission();
  }

  /** Whether {@code exchangeId} waits here for its next attempt (not running, not ended). */
  public synchronized boolean isWaiting(String exchangeId) {
    return waiting.containsKey(exchangeId);
  }

  /** {@code exchangeId} has ended (delivered or failed): nothing more to do. */
  public synchronized void done(String exchangeId) {
    inFlight.remove(exchangeId);
    waiting.remove(exchangeId);
    claims.disown(exchangeId);
  }

  /** Work on {@code exchangeId} stopped without an outcome (the node stops): it is left for the next start. */
  public synchronized void abandon(String exchangeId) {
    inFlight.remove(exchangeId);
  }

  /** How many exchanges this node is working on now (claimed, sealing, sending), not counting those waiting. */
  public synchronized int working() {
    return inFlight.size();
  }

  /** How many exchanges wait for an attempt (for status and tests). */
  public synchronized int waiting() {
    return waiting.size();
  }
}
