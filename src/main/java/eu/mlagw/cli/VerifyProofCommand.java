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

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws GatewayException {
    Optional<X509Certificate> pinned = trust == null ? Optional.empty() : Optional.of(KeyStoreFiles.readCertificate(trust));
    BundleVerification v = new ProofBundleVerifier().verify(bundle, pinned);
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
    for (AuditEvent e : v.events()) {
      o.printf("  #%d %s %s%s%n", e.sequence(), e.time(), e.record().type(),
          e.record().sender() == null ? "" : " " + e.record().sender() + " -> " + e.record().recipient());
    }
    o.flush();
    return 0;
  }
}
