package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.pkg.PackageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Records that a recipient took an exchange from its inbox ({@code mlagw ack}): a Retrieval
 * evidence signed by this gateway, filed with the sender's exchange in {@code sent/EXCHANGE-ID/}
 * and its status updated. Idempotent: a second acknowledgement changes nothing.
 */
public final class RetrievalRecorder {
  static final String MARKER = ".retrieved";
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final Clock clock;

  public RetrievalRecorder(DropFolders folders, EvidenceIssuer evidences, Clock clock) {
    this.folders = folders;
    this.evidences = evidences;
    this.clock = clock;
  }

  /** Returns true if this call recorded the retrieval, false if it had been recorded before. */
  public boolean acknowledge(String recipient, String exchangeId) throws GatewayException {
    Path inbox = folders.inbox(recipient).resolve(exchangeId);
    if (!Files.isDirectory(inbox)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "there is no exchange " + exchangeId + " in the inbox of "
          + recipient + " (" + inbox + "); check the exchange id and the participant");
    }
    if (Files.exists(inbox.resolve(MARKER))) {
      return false;
    }
    try {
      PackageMetadata metadata = PackageMetadata.parse(Files.readAllBytes(inbox.resolve(PackageMetadata.ENTRY)));
      Path sent = folders.sent(metadata.sender()).resolve(exchangeId);
      if (!Files.isDirectory(sent)) {
        throw new GatewayException(ReasonCode.NO_ROUTE, "the sender " + metadata.sender() + " is not served by this "
            + "gateway's drop folders, so the Retrieval evidence cannot be returned yet (sending evidences to other "
            + "gateways comes with the peer transport)");
      }
      Path evidence = evidences.issue(sent, EvidenceType.Retrieval, exchangeId, metadata.sender(), recipient,
          sent.resolve("package.p7m"), null, recipient + " took the exchange from its inbox");
      Submission s = new Submission(exchangeId, metadata.sender(), recipient,
          StatusFiles.read(sent).isEmpty() ? exchangeId : submissionName(sent), sent);
      StatusFiles.append(sent, s, "RETRIEVED", recipient + " took it from its inbox; evidence "
          + evidence.getFileName(), clock.instant());
      Files.writeString(inbox.resolve(MARKER), clock.instant() + "\n");
      return true;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot record the retrieval of " + exchangeId + ": "
          + e.getMessage(), e);
    }
  }

  private static String submissionName(Path sent) throws IOException {
    try (var s = Files.list(sent.resolve("original"))) {
      return s.findFirst().map(p -> p.getFileName().toString()).orElse(sent.getFileName().toString());
    }
  }
}
