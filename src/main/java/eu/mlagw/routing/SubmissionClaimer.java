package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds complete submissions in the outboxes of the hosted participants and claims each one by an
 * atomic rename into {@code .work/EXCHANGE-ID/original/}. A folder is complete when its
 * {@code NAME.ready} marker exists; a {@code NAME.zip} is complete when it appears (it must be
 * renamed into the outbox, never copied there directly). Hidden files and names ending in
 * {@code .part} or {@code .tmp} are left alone.
 *
 * <p>Guarantees: a submission is either still in the outbox or entirely in one work folder (the
 * rename is atomic on one file system); it is never claimed twice, also by several nodes of one
 * gateway sharing the drop-folder root ({@link ExchangeClaims}).
 */
public final class SubmissionClaimer {
  private static final String READY = ".ready";

  private final DropFolders folders;
  private final List<String> hostedParticipants;
  private final ExchangeLifecycle lifecycle;
  private final ExchangeClaims claims;

  public SubmissionClaimer(List<String> hostedParticipants, ExchangeLifecycle lifecycle, ExchangeClaims claims) {
    this.folders = lifecycle.folders();
    this.hostedParticipants = List.copyOf(hostedParticipants);
    this.lifecycle = lifecycle;
    this.claims = claims;
  }

  /** Creates the folder tree of every hosted participant (idempotent). */
  public void createFolders() throws IOException {
    for (String p : hostedParticipants) {
      Files.createDirectories(folders.outbox(p));
      Files.createDirectories(folders.sent(p));
      Files.createDirectories(folders.failed(p));
      Files.createDirectories(folders.inbox(p));
      Files.createDirectories(folders.work(p));
    }
  }

  /** Claims every complete submission now waiting; an empty list when there is none. */
  public List<Submission> claimReady() throws IOException, GatewayException {
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

  private void claimFrom(String sender, Path recipientDir, List<Submission> claimed)
      throws IOException, GatewayException {
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
            claim(sender, recipient, folder, claimed);
          } else if (!claims.isClaimedElsewhere(folder)) {
            Files.deleteIfExists(entry); // a marker without its folder is stale
          }
        } else if (file.endsWith(".zip") && Files.isRegularFile(entry)) {
          claim(sender, recipient, entry, claimed);
        }
      }
    }
  }

  /** One node of the gateway's cluster takes a submission; the others leave it alone. */
  private void claim(String sender, String recipient, Path source, List<Submission> claimed) throws GatewayException {
    if (!claims.tryClaim(source)) {
      return;
    }
    try {
      if (!Files.exists(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return; // another node of the gateway claimed it a moment ago
      }
      Submission s = lifecycle.claim(sender, recipient, source);
      if (s != null) {
        claimed.add(s);
      }
    } finally {
      claims.release(source);
    }
  }

  private static boolean isHidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }
}
