package eu.mlagw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.routing.DropFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlagw status}: where exchanges are, from the drop folders' status files. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show exchanges of the participants hosted here: sent (with their state and evidences) and failed.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EXCHANGE-ID", description = "Show only this exchange, in full.")
  String exchangeId;

  @Option(names = "--participant", paramLabel = "ID", description = "Only exchanges sent by this participant.")
  String participant;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws GatewayException, IOException {
    GatewayConfig cfg = new ConfigLoader().load(config.directory);
    DropFolders folders = new DropFolders(cfg.dropFolderRoot().orElseThrow(() ->
        new GatewayException(ReasonCode.CONFIG_INVALID, "gateway.yaml has no dropFolders.root")));
    PrintWriter o = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper();
    int shown = 0;
    for (ParticipantConfig p : cfg.participants().values()) {
      if (!p.isHosted() || (participant != null && !participant.equals(p.id()))) {
        continue;
      }
      for (Path dir : list(folders.sent(p.id()))) {
        if (exchangeId != null && !exchangeId.equals(dir.getFileName().toString())) {
          continue;
        }
        Path statusFile = dir.resolve("status.json");
        if (!Files.exists(statusFile)) {
          continue;
        }
        JsonNode status = json.readTree(statusFile.toFile());
        JsonNode steps = status.path("steps");
        o.printf("%s  %-9s %s -> %s  %s  (%s)%n", status.path("exchangeId").asText(), status.path("state").asText(),
            status.path("sender").asText(), status.path("recipient").asText(), status.path("submission").asText(),
            steps.isEmpty() ? "" : steps.get(steps.size() - 1).path("at").asText());
        if (exchangeId != null) {
          steps.forEach(step -> o.printf("    %s  %s%n", step.path("at").asText(), step.path("text").asText()));
          for (Path ev : list(dir.resolve("evidences"))) {
            o.printf("    evidence %s%n", ev);
          }
        }
        shown++;
      }
      for (Path dir : list(folders.failed(p.id()))) {
        Path error = dir.resolve("error.txt");
        if (exchangeId == null && Files.exists(error)) {
          String reason = Files.readAllLines(error).stream().filter(l -> l.startsWith("Reason code:")).findFirst()
              .orElse("Reason code: ?").substring("Reason code: ".length());
          o.printf("FAILED %-24s %s  %s%n", dir.getFileName(), p.id(), reason);
          shown++;
        }
      }
    }
    if (shown == 0) {
      o.println(exchangeId != null ? "No exchange " + exchangeId + " in the sent/ folders of this gateway."
          : "No exchanges yet.");
    }
    o.flush();
    return exchangeId != null && shown == 0 ? 1 : 0;
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
