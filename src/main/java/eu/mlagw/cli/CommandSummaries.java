package eu.mlagw.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The "Commands:" list of a help page, one whole sentence per command. picocli shows only the first
 * line of a multi-line description, which cut summaries such as {@code config check}'s mid-sentence;
 * here a command's {@code header} is its summary when it has one, else the first sentence of its
 * description (up to the first ". "), whatever the source lines.
 */
final class CommandSummaries implements CommandLine.IHelpSectionRenderer {
  @Override
  public String render(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0);
    int width = help.commandSpec().usageMessage().width();
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameWidth + 4, 2, Column.Overflow.SPAN),
        new Column(Math.max(20, width - nameWidth - 4), 2, Column.Overflow.WRAP));
    for (Map.Entry<String, Help> e : subcommands.entrySet()) {
      table.addRowValues(e.getKey(), summary(e.getValue().commandSpec()));
    }
    return table.toString();
  }

  /** The command's header if it has one, else the first sentence of its description. */
  static String summary(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    String text = String.join(" ", header.length > 0 ? header : spec.usageMessage().description()).strip();
    int end = text.indexOf(". ");
    return end < 0 ? text : text.substring(0, end + 1);
  }

  /** Installs this list on {@code command} and every command under it. */
  static void installOn(CommandLine command) {
    command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandSummaries());
    for (CommandLine sub : command.getSubcommands().values()) {
      installOn(sub);
    }
  }

  /**
   * What a bare command group does: a usage error (exit 2) naming the commands it holds, followed by
   * its help, on stderr.
   */
  static CommandLine.ParameterException missingCommand(CommandSpec group) {
    return new CommandLine.ParameterException(group.commandLine(), "'" + group.qualifiedName()
        + "' needs a command: one of " + String.join(", ", group.subcommands().keySet().stream()
            .filter(n -> !n.equals("help")).toList()));
  }
}
