package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.transport.TransferMetadata;
import eu.mlagw.transport.TransferReceipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A final refusal of a package from a peer, signed: a RelayRejection evidence (this gateway's seal,
 * the package's SHA-256, the reason code and message) kept under {@code ROOT/.relay-rejections/
 * EXCHANGE-ID/} and returned in the refusal receipt, so the sender can prove what was refused, when
 * and why. Issued once per exchange; a repeated refusal returns the same evidence.
 */
public final class RelayRejections {
  private final DropFolders folders;
  private final EvidenceIssuer evidences;
  private final String gatewayId;

  public RelayRejections(DropFolders folders, EvidenceIssuer evidences, String gatewayId) {
    this.folders = folders;
    this.evidences = evidences;
    this.gatewayId = gatewayId;
  }

  /** The refusal receipt for {@code why}, carrying the signed RelayRejection. */
  public TransferReceipt refuse(TransferMetadata m, Path packageFile, GatewayException why) throws GatewayException {
    TransferReceipt receipt = TransferReceipt.refused(m.exchangeId(), gatewayId, why);
    Path dir = folders.root().resolve(".relay-rejections").resolve(m.exchangeId());
    try {
      Files.createDirectories(dir);
      Path evidence = evidences.find(dir, EvidenceType.RelayRejection);
      if (evidence == null) {
        evidence = evidences.issue(dir, EvidenceType.RelayRejection, m.exchangeId(), m.senderParticipant(),
            m.recipientParticipant(), packageFile, why.reason().name(), why.getMessage());
      }
      receipt.setEvidence(Files.readAllBytes(evidence));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot record the refusal of " + m.exchangeId() + ": "
          + e.getMessage(), e);
    }
    return receipt;
  }
}
