package eu.mlagw.cli;

import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.Evidence;
import eu.mlagw.crypto.ValidationTime;
import eu.mlagw.evidence.EvidenceVerifier;
import eu.mlagw.evidence.RemEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlagw evidence verify FILE}: check an evidence offline. */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Work with evidences.",
    subcommands = {EvidenceCommand.Verify.class})
final class EvidenceCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw CommandSummaries.missingCommand(spec);
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify an evidence (.p7s): the issuing gateway's seal and certificate path, then print the statement.")
  static final class Verify implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE.p7s", description = "The evidence file.")
    Path file;

    @CommandLine.Option(names = "--trusted-time", paramLabel = "INSTANT",
        description = "Check the certificates at this time (e.g. 2026-12-04T10:15:30Z) instead of now. Give only a "
            + "time you recorded yourself (your gateway's status file or audit event of the reception), never the "
            + "signing time the evidence claims.")
    Instant trustedTime;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      GatewayKeys keys = new GatewayKeys(config.load(), System.getenv());
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
      }
      Instant now = Instant.now();
      ValidationTime time = trustedTime == null ? ValidationTime.now(now)
          : ValidationTime.recorded(trustedTime, "--trusted-time", now);
      EvidenceVerifier.VerifiedEvidence v = EvidenceVerifier.forGateway(keys).verify(bytes, time);
      Evidence e = v.evidence();
      PrintWriter o = spec.commandLine().getOut();
      o.printf("VALID evidence, sealed by %s at %s (claimed by the seal)%n",
          v.signature().signer().getSubjectX500Principal().getName(), v.signature().signingTime());
      o.printf("  certificates checked at %s: %s%n", time.at(), time.source());
      o.printf("  %s%n", v.signature().trustedTimeLine());
      o.printf("  %s of exchange %s%n  from %s to %s, issued by gateway %s at %s%n", e.type(), e.exchangeId(),
          e.sender(), e.recipient(), e.issuingGateway(), e.time());
      o.printf("  event %s (%s)%n", RemEvent.eventCode(e.type()), v.format() == Evidence.Format.ETSI_REM
          ? "ETSI TS 102 640-2 REM evidence " + RemEvent.of(e.type()).element()
          : "old format urn:mlagw:evidence:1, issued before REM evidences");
      o.printf("  package SHA-256 %s%n", e.packageSha256());
      e.reasonCode().ifPresent(r -> o.printf("  reason %s (%s)%n", r, RemEvent.reasonUri(r)));
      if (!e.details().isEmpty()) {
        o.printf("  %s%n", e.details());
      }
      o.flush();
      return 0;
    }
  }
}
