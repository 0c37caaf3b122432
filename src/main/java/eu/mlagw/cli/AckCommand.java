package eu.mlagw.cli;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.evidence.EvidenceIssuer;
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

  @Override
  public Integer call() throws GatewayException {
    GatewayKeys keys = config.load();
    DropFolders folders = new DropFolders(keys.config().dropFolderRoot().orElseThrow(() ->
        new GatewayException(ReasonCode.CONFIG_INVALID, "gateway.yaml has no dropFolders.root")));
    boolean recorded = new RetrievalRecorder(folders, new EvidenceIssuer(keys.config().gatewayId(),
        new DetachedSigner(keys.gatewaySeal()), Clock.systemUTC()), Clock.systemUTC(), null, java.util.List.of(), keys,
        null).acknowledge(recipient, exchangeId);
    spec.commandLine().getOut().println(recorded
        ? "Retrieval of " + exchangeId + " by " + recipient + " recorded; the sender's gateway has the evidence"
        : "Retrieval of " + exchangeId + " by " + recipient + " was already recorded");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
