package eu.mlagw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.routing.DropFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mlagw status}: where exchanges are, read from the drop folders: in progress ({@code
 * .work/}), sent (with their state and evidences), failed, and received into an inbox.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the exchanges of the participants hosted here: in progress, sent (state and evidences), "
        + "failed, and received.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EXCHANGE-ID", description = "Show only this exchange, in full.")
  String exchangeId;

  @Option(names = "--participant", paramLabel = "ID", description = "Only exchanges of this participant (sent or received).")
  String participant;

  @Option(names = "--case", paramLabel = "REF", description = "Only exchanges with this case reference.")
  String caseReference;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  // made when status runs, not when the command line is built (every start builds every command)
  private ObjectMapper json;

  @Override
  public Integer call() throws GatewayException, IOException {
    json = new ObjectMapper();
    GatewayConfig cfg = new ConfigLoader().load(config.directory);
    DropFolders folders = new DropFolders(cfg.dropFolderRoot().orElseThrow(() ->
        new GatewayException(ReasonCode.CONFIG_INVALID, cfg.directory().resolve(ConfigLoader.GATEWAY_FILE)
            + ": dropFolders.root is missing; status reads the drop folders")));
    Directory directory = Directory.of(cfg);
    if (participant != null) {
      directory.find(participant).filter(ParticipantConfig::isHosted).orElseThrow(() -> new GatewayException(
          ReasonCode.PARTICIPANT_UNKNOWN, participant + " is not hosted by gateway " + cfg.gatewayId()
              + "; status shows the drop folders of hosted participants only"));
    }
    PrintWriter o = spec.commandLine().getOut();
    int shown = 0;
    for (String id : directory.hostedHere()) {
      if (participant != null && !participant.equals(id)) {
        continue;
      }
      ParticipantConfig p = directory.participant(id);
      for (Path dir : list(folders.work(p.id()))) {
        if (Files.isDirectory(dir)) {
          shown += showExchange(o, dir, null);
        }
      }
      for (Path dir : list(folders.sent(p.id()))) {
        shown += showExchange(o, dir, null);
      }
      shown += showFailed(o, folders, p);
      for (Path dir : list(folders.inbox(p.id()))) {
        // only exchange folders: a marker such as ID.taken.unknown is not an exchange
        if (Files.isDirectory(dir) && (exchangeId == null || exchangeId.equals(dir.getFileName().toString()))) {
          List<String> cases = eu.mlagw.routing.StatusFiles.caseReferences(dir);
          if (caseReference != null && !cases.contains(caseReference)) {
            continue;
          }
          String state = eu.mlagw.routing.StatusFiles.state(dir);
          o.printf("%s  %-9s in the inbox of %s%s%n", dir.getFileName(), state == null ? "RECEIVED" : state, p.id(),
              cases.isEmpty() ? "" : "  case " + String.join(", ", cases));
          shown++;
        }
      }
    }
    if (shown == 0) {
      o.println(exchangeId != null ? "No exchange " + exchangeId + " in the drop folders of this gateway."
          : caseReference != null ? "No exchange with case reference " + caseReference + "."
          : "No exchanges yet.");
    }
    o.flush();
    return (exchangeId != null || caseReference != null) && shown == 0 ? 1 : 0;
  }

  /** Prints one exchange from its status.json if it matches the filters; returns 1 if printed. */
  private int showExchange(PrintWriter o, Path dir, String stateOverride) throws IOException {
    if (exchangeId != null && !exchangeId.equals(dir.getFileName().toString())) {
      return 0;
    }
    Path statusFile = dir.resolve("status.json");
    if (!Files.exists(statusFile)) {
      return 0;
    }
    JsonNode status = json.readTree(statusFile.toFile());
    List<String> cases = new ArrayList<>();
    status.path("caseReferences").forEach(c -> cases.add(c.asText()));
    if (caseReference != null && !cases.contains(caseReference)) {
      return 0;
    }
    JsonNode steps = status.path("steps");
    String state = stateOverride != null ? stateOverride : status.path("state").asText();
    o.printf("%s  %-9s %s -> %s  %s%s  (%s)%n", status.path("exchangeId").asText(), state,
        status.path("sender").asText(), status.path("recipient").asText(), status.path("submission").asText(),
        cases.isEmpty() ? "" : "  case " + String.join(", ", cases),
        steps.isEmpty() ? "" : steps.get(steps.size() - 1).path("at").asText());
    JsonNode sending = status.path("sending");
    if (!sending.isMissingNode() && !"FAILED".equals(state)) {
      o.printf("    attempt %d failed: %s (%s)%n    next attempt %s, gives up at %s%n", sending.path("attempt").asInt(),
          sending.path("lastError").asText(), sending.path("reasonCode").asText(), sending.path("nextAttempt").asText(),
          sending.path("givesUpAt").asText());
    }
    if (exchangeId != null || caseReference != null) {
      steps.forEach(step -> o.printf("    %s  %s%n", step.path("at").asText(), step.path("text").asText()));
      for (Path ev : list(dir.resolve("evidences"))) {
        o.printf("    evidence %s%n", ev);
      }
    }
    return 1;
  }

  /** Submissions returned to failed/, matched by exchange id and case reference like the others. */
  private int showFailed(PrintWriter o, DropFolders folders, ParticipantConfig p) throws IOException {
    int shown = 0;
    for (Path dir : list(folders.failed(p.id()))) {
      Path error = dir.resolve("error.txt");
      if (!Files.exists(error)) {
        continue;
      }
      List<String> lines = Files.readAllLines(error);
      String reason = field(lines, "Reason code:");
      String id = field(lines, "Exchange id:");
      List<String> cases = List.of(field(lines, "Case:").split(",\\s*"));
      if ((exchangeId != null && !exchangeId.equals(id)) || (caseReference != null && !cases.contains(caseReference))) {
        continue;
      }
      o.printf("%s  %-9s %s  %s  %s%n", id.isEmpty() ? "-" : id, "FAILED", dir.getFileName(), p.id(), reason);
      if (exchangeId != null || caseReference != null) {
        o.printf("    see %s%n", error);
      }
      shown++;
    }
    return shown;
  }

  private static String field(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()).strip())
        .orElse("");
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
