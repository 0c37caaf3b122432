package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns a rejected submission to its sender: {@code failed/NAME/} holds what was dropped (the
 * folder's content, or the .zip) and {@code error.txt} saying what is wrong, its reason code, and
 * what to do. The work folder is removed only after the original is safely in failed/.
 */
public final class FailedSubmissions {
  static final String RETURNED = "returned";
  private static final String EVIDENCES = "evidences";
  private static final Logger LOG = LoggerFactory.getLogger(FailedSubmissions.class);
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;

  private final ExchangeAudit audit;
  private final NodeStop stop;

  public FailedSubmissions(DropFolders folders, EvidenceIssuer evidences, ExchangeAudit audit, Clock clock,
      NodeStop stop) {
    this.audit = audit;
    this.stop = stop;
    this.folders = folders;
    this.evidences = evidences;
    this.clock = clock;
  }

  public void record(Submission s, Exception failure) throws IOException {
    if (stop.stopping()) {
      // the stop's doing (interrupted, refused by a stopping context, a retry abandoned), not the
      // submission's: it stays in .work/ and the next start resumes it (NodeStop)
      LOG.info("exchange {} ({} of {}) left to resume at the next start: the node stopped while it was in "
          + "progress ({})", s.exchangeId(), s.name(), s.sender(), failure.toString());
      return;
    }
    String reason = failure instanceof GatewayException ? ((GatewayException) failure).reason().name()
        : ReasonCode.IO_ERROR.name();
    // Everything is assembled inside the work folder first and reaches failed/ by one atomic
    // rename, so the sender never sees a returned submission without its error.txt and evidence. A
    // stop half-way is finished by finishReturn() when the node starts again.
    Path returned = s.workDir().resolve(RETURNED).resolve(s.name());
    // A submission folder that is itself a link is moved as the link, into a folder of our own, and
    // nothing is written through it: the gateway never writes outside its drop root.
    if (Files.isDirectory(s.original(), LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(returned.getParent());
      Files.move(s.original(), returned, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.createDirectories(returned);
      if (Files.exists(s.original(), LinkOption.NOFOLLOW_LINKS)) {
        Files.move(s.original(), returned.resolve(s.name()), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    String text = failure instanceof eu.mlagw.metadata.RequestInvalidException
        // the prosecutor's own language: what is wrong with which field, and what to do
        ? failure.getMessage() + "\n\nReason code: " + reason + "\nExchange id: " + s.exchangeId() + "\nTime: "
            + clock.instant() + "\n"
        : "Your submission '" + s.name() + "' to " + s.recipient() + " was NOT sent.\n\n"
        + "What is wrong: " + failure.getMessage() + "\n\n"
        + "What to do: correct it, then put it back into outbox/" + s.recipient() + "/ and create the empty file "
        + s.name() + ".ready next to it (for a folder), or move the corrected .zip into outbox/" + s.recipient()
        + "/.\n\n"
        + "Reason code: " + reason + "\nExchange id: " + s.exchangeId() + "\nTime: " + clock.instant() + "\n";
    StatusFiles.atomicWrite(returned.resolve("error.txt"), text);
    boolean sealed = Files.exists(s.packageFile());
    ownEvidenceFolder(returned, s.exchangeId());
    // the evidences the exchange already has (SubmissionAcceptance, a peer's RelayRejection) go back too
    Path earlier = s.workDir().resolve("evidences");
    if (Files.isDirectory(earlier)) {
      try (Stream<Path> files = Files.list(earlier)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path target = returned.resolve("evidences").resolve(f.getFileName());
          if (!Files.exists(target)) {
            Files.copy(f, target);
          }
        }
      }
    }
    try {
      evidences.issue(returned, sealed ? EvidenceType.NonDelivery : EvidenceType.SubmissionRejection,
          s.exchangeId(), s.sender(), s.recipient(), sealed ? s.packageFile() : null, reason, failure.getMessage());
    } catch (GatewayException e) {
      LOG.error("cannot issue the evidence for the failed exchange {}: {}", s.exchangeId(), e.toString());
    }
    restrict(returned.resolve(EVIDENCES));
    try {
      ReasonCode code = failure instanceof GatewayException ? ((GatewayException) failure).reason() : ReasonCode.IO_ERROR;
      audit.step(eu.mlagw.audit.AuditEventType.EXCHANGE_FAILED, s.exchangeId(), s.sender(), s.recipient(),
          s.workDir(), sealed ? PackageDigest.of(s.packageFile()) : null, code, java.util.Map.of("evidence",
              sealed ? "NonDelivery" : "SubmissionRejection", "returnedTo", "failed/" + s.name()));
    } catch (GatewayException e) {
      LOG.error("cannot record the failure of exchange {} in the audit trail: {}", s.exchangeId(), e.toString());
    }
    finishReturn(folders, s.sender(), s.workDir());
    LOG.warn("submission {} of {} to {} rejected: {}: {}", s.name(), s.sender(), s.recipient(), reason,
        failure.getMessage());
  }

  /**
   * Moves a fully assembled returned submission from {@code workDir/returned/NAME} to
   * {@code failed/NAME} (or {@code NAME-EXCHANGE-ID} if that name is taken) and removes the work
   * folder. Returns false if the work folder holds no returned submission.
   */
  static boolean finishReturn(DropFolders folders, String sender, Path workDir) throws IOException {
    Path returnedDir = workDir.resolve(RETURNED);
    if (!Files.isDirectory(returnedDir)) {
      return false;
    }
    try (Stream<Path> items = Files.list(returnedDir)) {
      for (Path item : (Iterable<Path>) items::iterator) {
        Path target = folders.failed(sender).resolve(item.getFileName());
        if (Files.exists(target)) {
          target = folders.failed(sender).resolve(item.getFileName() + "-" + workDir.getFileName());
        }
        Files.move(item, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    deleteTree(workDir);
    return true;
  }

  /**
   * Makes {@code returned/evidences} a folder the gateway created itself. The returned submission is
   * the sender's folder: an {@code evidences} entry in it (a link to a folder elsewhere, say) is
   * the sender's and is kept under another name, so no evidence is ever written through it.
   */
  private static void ownEvidenceFolder(Path returned, String exchangeId) throws IOException {
    Path folder = returned.resolve(EVIDENCES);
    if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(folder, returned.resolve(EVIDENCES + "-as-submitted-" + exchangeId), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
  }

  /** The gateway's files in {@code folder} to {@link StatusFiles#FILE_MODE} (they name the case). */
  private static void restrict(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(f, StatusFiles.FILE_MODE);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
