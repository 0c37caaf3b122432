package eu.mlagw.cli;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.BundleVerification;
import eu.mlagw.audit.MerkleHashes;
import eu.mlagw.audit.ProofBundleVerifier;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.error.GatewayException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlagw audit verify-proof FILE [--trust ROOT.pem]}: check a proof bundle offline, no gateway needed. */
@Command(name = "verify-proof", mixinStandardHelpOptions = true,
    description = "Check a proof bundle offline: signature, chain, and every event's inclusion proof.")
final class VerifyProofCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE.zip", description = "The bundle (from mlagw audit proof).")
  Path bundle;

  @Option(names = "--trust", paramLabel = "ROOT.pem",
      description = "The gateway operator's root CA certificate, obtained independently; without it the bundle's own root is used.")
  Path trust;

  @Option(names = "--note-key", paramLabel = "VKEY|FILE", description = {"The gateway's note verifier key "
      + "(NAME+KEYID+KEY, as published by the operator; or a file holding it); without it the bundle's note-key.vkey is used."})
  String noteKey;

  @Option(names = "--since-checkpoint", paramLabel = "FILE", description = {"A checkpoint you hold from earlier: "
      + "the bundle's consistency proof must start from exactly it (the bundle was made with --since-checkpoint)."})
  Path since;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * Reads a checkpoint file an auditor holds: a checkpoint body or signed note, at most 64 KiB. Its
   * signatures are not checked here (it was checked when the auditor got it).
   *
   * @throws GatewayException INPUT_INVALID naming what is wrong
   */
  static eu.mlagw.audit.Checkpoint readCheckpoint(Path file) throws GatewayException {
    try {
      if (java.nio.file.Files.size(file) > eu.mlagw.crypto.SignedNote.MAX_BYTES) {
        throw new GatewayException(eu.mlagw.error.ReasonCode.INPUT_INVALID, file + " is larger than a checkpoint ("
            + eu.mlagw.crypto.SignedNote.MAX_BYTES + " bytes at most); give the checkpoint.txt of an earlier bundle");
      }
      return eu.mlagw.audit.Checkpoint.parse(java.nio.file.Files.readAllBytes(file));
    } catch (java.io.IOException e) {
      throw new GatewayException(eu.mlagw.error.ReasonCode.INPUT_INVALID, "cannot read " + file + ": " + e.getMessage()
          + "; give the checkpoint.txt of an earlier bundle", e);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(eu.mlagw.error.ReasonCode.INPUT_INVALID, file + " is not a checkpoint: "
          + e.getMessage() + "; give the checkpoint.txt of an earlier bundle", e);
    }
  }

  private Optional<eu.mlagw.crypto.NoteVerifierKey> noteKey() throws GatewayException {
    if (noteKey == null) {
      return Optional.empty();
    }
    String text = noteKey;
    Path file = Path.of(noteKey);
    try {
      if (!noteKey.contains("+") && java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.size(file) < 4096) {
        text = java.nio.file.Files.readString(file);
      }
      return Optional.of(eu.mlagw.crypto.NoteVerifierKey.parse(text));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new GatewayException(eu.mlagw.error.ReasonCode.INPUT_INVALID, "--note-key: " + e.getMessage()
          + "; give the verifier key the gateway operator publishes (mlagw audit note-key), or a file holding it", e);
    }
  }

  @Override
  public Integer call() throws GatewayException {
    Optional<X509Certificate> pinned = trust == null ? Optional.empty() : Optional.of(KeyStoreFiles.readCertificate(trust));
    Optional<eu.mlagw.audit.Checkpoint> held = since == null ? Optional.empty() : Optional.of(readCheckpoint(since));
    BundleVerification v = new ProofBundleVerifier().verify(bundle, pinned, noteKey(), held);
    PrintWriter o = spec.commandLine().getOut();
    if (!v.result().ok()) {
      o.println(v.result().summary());
      o.flush();
      return AuditCommand.TAMPERED;
    }
    o.println("VALID " + v.result().message());
    o.printf("  checkpoint: size %d, root %s, signed by %s%n", v.checkpoint().size(),
        MerkleHashes.hex(v.checkpoint().rootHash()), v.signer().getSubjectX500Principal().getName());
    o.printf("  root CA: %s, SHA-256 fingerprint %s%n", v.root().getSubjectX500Principal().getName(), v.rootFingerprint());
    o.println(v.pinned() ? "  trust: the chain ends at the root you gave with --trust"
        : "  trust: self-contained (the bundle's own root); compare the fingerprint above with the one the gateway "
            + "operator publishes, or pass --trust ROOT.pem");
    if (v.noteKey() != null) {
      o.println("  note signature: valid, key " + v.noteKey() + (noteKey != null ? " (the key you gave with --note-key)"
          : " (the bundle's own; compare it with the one the gateway operator publishes, or pass --note-key)"));
    } else {
      o.println("  note signature: none (a checkpoint signed before note keys; CMS only)");
    }
    if (v.consistentWith() != null) {
      o.printf("  consistent: the log extends the checkpoint of size %d, root %s%s%n", v.consistentWith().size(),
          MerkleHashes.hex(v.consistentWith().rootHash()), since != null ? " (the one you hold)"
              : " (compare with the checkpoint you hold, or pass --since-checkpoint)");
    }
    for (AuditEvent e : v.events()) {
      o.printf("  #%d %s %s%s%n", e.sequence(), e.time(), e.record().type(),
          e.record().sender() == null ? "" : " " + e.record().sender() + " -> " + e.record().recipient());
    }
    o.flush();
    return 0;
  }
}
