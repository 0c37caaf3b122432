package eu.mlagw.routing;

import eu.mlagw.pkg.PackageIds;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds complete submissions in the outboxes of the hosted participants and claims each one by an
 * atomic rename into {@code .work/EXCHANGE-ID/original/}. A folder is complete when its
 * {@code NAME.ready} marker exists; a {@code NAME.zip} is complete when it appears (it must be
 * renamed into the outbox, never copied there directly). Hidden files and names ending in
 * {@code .part} or {@code .tmp} are left alone.
 *
 * <p>Guarantees: a submission is either still in the outbox or entirely in one work folder (the
 * rename is atomic on one file system); it is never claimed twice. Thread-safe if only one node
 * claims from a given drop-folder root.
 */
public final class SubmissionClaimer {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionClaimer.class);
  private static final String READY = ".ready";

  private final DropFolders folders;
  private final List<String> hostedParticipants;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  /**
   * Work folders that existed when this node started: only these are resumed. Exchanges this node
   * claims itself are never in it, so the intake and the resume route cannot take the same one.
   */
  private final java.util.Set<Path> leftBehind = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final ExchangeAudit audit;

  public SubmissionClaimer(DropFolders folders, List<String> hostedParticipants, Clock clock) {
    this(folders, hostedParticipants, clock, null);
  }

  /** As above; every claim is recorded in {@code audit} (null: not recorded). */
  public SubmissionClaimer(DropFolders folders, List<String> hostedParticipants, Clock clock, ExchangeAudit audit) {
    this.audit = audit;
    this.folders = folders;
    this.hostedParticipants = List.copyOf(hostedParticipants);
    this.clock = clock;
  }

  /**
   * Creates the folder tree of every hosted participant (idempotent) and removes what a stopped
   * node left half-made: hidden staging folders of inbox deliveries and partial package files.
   * Neither was ever visible under a real name, so removing them loses nothing.
   */
  public void createFolders() throws IOException {
    for (String p : hostedParticipants) {
      Files.createDirectories(folders.outbox(p));
      Files.createDirectories(folders.sent(p));
      Files.createDirectories(folders.failed(p));
      Files.createDirectories(folders.inbox(p));
      Files.createDirectories(folders.work(p));
      try (DirectoryStream<Path> staging = Files.newDirectoryStream(folders.inbox(p), ".*.opening-*")) {
        for (Path dir : staging) {
          FailedSubmissions.deleteTree(dir);
        }
      }
      try (DirectoryStream<Path> work = Files.newDirectoryStream(folders.work(p), Files::isDirectory)) {
        for (Path dir : work) {
          leftBehind.add(dir);
          try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "package.p7m.part-*")) {
            for (Path part : parts) {
              Files.deleteIfExists(part);
            }
          }
        }
      }
    }
  }

  /** Claims every complete submission now waiting; an empty list when there is none. */
  public List<Submission> claimReady() throws IOException {
    List<Submission> claimed = new ArrayList<>();
    for (String sender : hostedParticipants) {
      Path outbox = folders.outbox(sender);
      if (!Files.isDirectory(outbox)) {
        continue;
      }
      try (DirectoryStream<Path> recipients = Files.newDirectoryStream(outbox, Files::isDirectory)) {
        for (Path recipientDir : recipients) {
          if (!isHidden(recipientDir)) {
            claimFrom(sender, recipientDir, claimed);
          }
        }
      }
    }
    return claimed;
  }

  private void claimFrom(String sender, Path recipientDir, List<Submission> claimed) throws IOException {
    String recipient = recipientDir.getFileName().toString();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(recipientDir)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (isHidden(entry) || file.endsWith(".part") || file.endsWith(".tmp")) {
          continue;
        }
        if (file.endsWith(READY) && Files.isRegularFile(entry)) {
          Path folder = recipientDir.resolve(file.substring(0, file.length() - READY.length()));
          if (Files.isDirectory(folder)) {
            claimed.add(claim(sender, recipient, folder));
          }
          Files.deleteIfExists(entry); // after the claim; a marker without its folder is stale
        } else if (file.endsWith(".zip") && Files.isRegularFile(entry)) {
          claimed.add(claim(sender, recipient, entry));
        }
      }
    }
  }

  private Submission claim(String sender, String recipient, Path source) throws IOException {
    String id = PackageIds.newId(clock.instant(), random);
    Path work = folders.work(sender).resolve(id);
    Files.createDirectories(work.resolve("original"));
    StatusFiles.writeRecipient(work, recipient); // before the rename, so a resumed exchange knows it
    String name = source.getFileName().toString();
    Files.move(source, work.resolve("original").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    Submission submission = new Submission(id, sender, recipient, name, work);
    StatusFiles.append(work, submission, "SUBMITTED", "Picked up from outbox/" + recipient + "/" + name,
        clock.instant());
    LOG.info("claimed {} from {} for {} as exchange {}", name, sender, recipient, id);
    if (audit != null) {
      try {
        audit.step(eu.mlagw.audit.AuditEventType.SUBMISSION_CLAIMED, id, sender, recipient, null, null, null,
            java.util.Map.of("submission", name));
      } catch (eu.mlagw.error.GatewayException e) {
        throw new eu.mlagw.error.GatewayIOException(e);
      }
    }
    return submission;
  }

  /**
   * Work folders left by a stopped node (found by {@link #createFolders()} at start), to resume:
   * those holding a claimed original. Empty ones (a stop between creating the folder and the rename)
   * are removed; half-returned rejections are finished. Each is handed out once.
   */
  public List<Submission> unfinished() throws IOException {
    List<Submission> out = new ArrayList<>();
    for (String sender : hostedParticipants) {
      Path work = folders.work(sender);
      List<Path> ids = new ArrayList<>();
      for (Path dir : leftBehind) {
        if (dir.getParent().equals(work) && leftBehind.remove(dir) && Files.isDirectory(dir)) {
          ids.add(dir);
        }
      }
      for (Path dir : ids) {
        if (FailedSubmissions.finishReturn(folders, sender, dir)) {
          continue; // a rejection that was being returned when the node stopped
        }
        Path original = dir.resolve("original");
        List<Path> items = new ArrayList<>();
        if (Files.isDirectory(original)) {
          try (DirectoryStream<Path> s = Files.newDirectoryStream(original)) {
            s.forEach(items::add);
          }
        }
        if (items.size() != 1) {
          if (items.isEmpty()) {
            FailedSubmissions.deleteTree(dir);
          }
          continue;
        }
        out.add(new Submission(dir.getFileName().toString(), sender, StatusFiles.readRecipient(dir),
            items.get(0).getFileName().toString(), dir));
      }
    }
    return out;
  }

  private static boolean isHidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }
}
