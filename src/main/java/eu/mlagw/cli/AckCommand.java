package eu.mlagw.cli;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.routing.DropFolders;
import eu.mlagw.routing.RetrievalRecorder;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlagw ack EXCHANGE-ID --as ID}: the recipient took the exchange (Retrieval evidence). */
@Command(name = "ack", mixinStandardHelpOptions = true,
    description = "Record that a recipient took an exchange from its inbox: a signed Retrieval evidence for the sender.")
final class AckCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "EXCHANGE-ID", description = "The exchange (its folder name in the inbox).")
  String exchangeId;

  @Option(names = "--as", required = true, paramLabel = "ID", description = "The recipient participant.")
  String recipient;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.ParentCommand
  Mlagw mlagw;

  /** How long the command waits for a running node to record the retrieval. */
  static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);

  @Override
  public Integer call() throws Exception {
    GatewayConfig cfg = config.load();
    DropFolders folders = new DropFolders(cfg.dropFolderRoot().orElseThrow(() ->
        new GatewayException(ReasonCode.CONFIG_INVALID, "gateway.yaml has no dropFolders.root")));
    java.nio.file.Path inbox = folders.inbox(recipient).resolve(exchangeId);
    if (!java.nio.file.Files.isDirectory(inbox)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "there is no exchange " + exchangeId + " in the inbox of "
          + recipient + "; check the exchange id and the participant (mlagw status --config ...)");
    }
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (eu.mlagw.routing.RunningNodes.anyRunning(folders.root())) {
      // the node owns the audit store: it is asked through the drop folder, as a clerk would
      if (isTaken(inbox)) {
        out.println("Retrieval of " + exchangeId + " by " + recipient + " was already recorded");
      } else {
        java.nio.file.Files.createFile(folders.inbox(recipient).resolve(exchangeId + RetrievalRecorder.TAKEN_SUFFIX));
        long until = System.nanoTime() + WAIT.toNanos();
        while (!isTaken(inbox)) {
          if (System.nanoTime() > until) {
            throw new GatewayException(ReasonCode.IO_ERROR, "the running gateway did not record the retrieval of "
                + exchangeId + " within " + WAIT.toSeconds() + " s; the marker " + exchangeId + ".taken stays in the "
                + "inbox and is recorded when the node gets to it — check the node's log");
          }
          Thread.sleep(100);
        }
        out.println("Retrieval of " + exchangeId + " by " + recipient + " recorded by the running gateway; the "
            + "sender's gateway has the evidence");
      }
      out.flush();
      return 0;
    }
    Clock clock = Clock.systemUTC();
    Directory directory = Directory.of(cfg);
    GatewayKeys keys = new GatewayKeys(cfg, directory, System.getenv());
    try (eu.mlagw.audit.AuditStore store = mlagw.auditStores().open(cfg);
        eu.mlagw.audit.AuditLog log = new eu.mlagw.audit.AuditLog(store, new eu.mlagw.audit.CheckpointSigner(
            keys.signer(keys.gatewaySeal())), new eu.mlagw.audit.CheckpointVerifier(keys.trustPolicy(),
                java.util.List.of(keys.gatewaySeal().certificate())), directory.gatewayId(), clock)) {
      boolean recorded = RetrievalRecorder.acknowledgeOnce(eu.mlagw.routing.ExchangeLifecycle.forCommand(cfg,
          directory, keys, log, clock), directory, keys, recipient, exchangeId, clock);
      log.checkpoint(); // the new events are covered by a signed checkpoint at once
      out.println(recorded
          ? "Retrieval of " + exchangeId + " by " + recipient + " recorded; the sender's gateway has the evidence"
          : "Retrieval of " + exchangeId + " by " + recipient + " was already recorded");
    }
    out.flush();
    return 0;
  }

  private static boolean isTaken(java.nio.file.Path inbox) throws java.io.IOException {
    return "TAKEN".equals(eu.mlagw.routing.StatusFiles.state(inbox));
  }
}
