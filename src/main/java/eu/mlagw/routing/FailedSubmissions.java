package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final Logger LOG = LoggerFactory.getLogger(FailedSubmissions.class);
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;

  public FailedSubmissions(DropFolders folders, EvidenceIssuer evidences, Clock clock) {
    this.folders = folders;
    this.evidences = evidences;
    this.clock = clock;
  }

  public void record(Submission s, Exception failure) throws IOException {
    String reason = failure instanceof GatewayException ? ((GatewayException) failure).reason().name()
        : ReasonCode.IO_ERROR.name();
    Path target = folders.failed(s.sender()).resolve(s.name());
    if (Files.exists(target)) {
      target = folders.failed(s.sender()).resolve(s.name() + "-" + s.exchangeId());
    }
    if (Files.isDirectory(s.original())) {
      Files.move(s.original(), target, StandardCopyOption.ATOMIC_MOVE);
    } else if (Files.exists(s.original())) {
      Path staging = folders.failed(s.sender()).resolve("." + s.exchangeId() + ".tmp");
      Files.createDirectories(staging);
      Files.move(s.original(), staging.resolve(s.name()), StandardCopyOption.ATOMIC_MOVE);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.createDirectories(target);
    }
    String text = "Your submission '" + s.name() + "' to " + s.recipient() + " was NOT sent.\n\n"
        + "What is wrong: " + failure.getMessage() + "\n\n"
        + "What to do: correct it, then put it back into outbox/" + s.recipient() + "/ and create the empty file "
        + s.name() + ".ready next to it (for a folder), or move the corrected .zip into outbox/" + s.recipient()
        + "/.\n\n"
        + "Reason code: " + reason + "\nExchange id: " + s.exchangeId() + "\nTime: " + clock.instant() + "\n";
    StatusFiles.atomicWrite(target.resolve("error.txt"), text);
    boolean sealed = Files.exists(s.packageFile());
    try {
      evidences.issue(target, sealed ? EvidenceType.NonDelivery : EvidenceType.SubmissionRejection, s.exchangeId(),
          s.sender(), s.recipient(), sealed ? s.packageFile() : null, reason, failure.getMessage());
    } catch (GatewayException e) {
      LOG.error("cannot issue the evidence for the failed exchange {}: {}", s.exchangeId(), e.toString());
    }
    deleteTree(s.workDir());
    LOG.warn("submission {} of {} to {} rejected: {}: {}", s.name(), s.sender(), s.recipient(), reason,
        failure.getMessage());
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
