package eu.mlagw.cli;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalJson;
import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.RequestReader;
import eu.mlagw.pdf.RequestFormReader;
import eu.mlagw.pdf.RequestFormWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlagw form new|read}: the fillable PDF request form for prosecutors. */
@Command(name = "form", mixinStandardHelpOptions = true, description = "The fillable PDF request form for prosecutors.",
    subcommands = {FormCommand.New.class, FormCommand.Read.class})
final class FormCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw CommandSummaries.missingCommand(spec);
  }

  /** The folder holding mappings/ (code lists, messages, profiles). */
  static final class MappingsOption {
    @Option(names = "--config", paramLabel = "DIR", defaultValue = "${env:MLAGW_HOME:-.}/config",
        description = "Configuration folder with mappings/ (default: ${DEFAULT-VALUE}).")
    Path directory;
  }

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = {"Write a blank request form in a language: labels in that language, choices from the code lists.",
          "Fill it in any PDF reader and drop it into the outbox folder with the documents."})
  static final class New implements Callable<Integer> {
    @CommandLine.Mixin MappingsOption config;

    @Option(names = "--lang", required = true, paramLabel = "LANG",
        description = "Language: sq, sr-Latn, sr-Cyrl, mk, bs, hr, sl, en, de, it, fr, nl.")
    String language;

    @Option(names = "--out", required = true, paramLabel = "FILE.pdf", description = "Where to write the form.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      if (Files.exists(out)) {
        throw new GatewayException(ReasonCode.OUTPUT_EXISTS, out + " already exists; choose another --out");
      }
      Mappings mappings = Mappings.load(config.directory);
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      boolean written = false;
      try {
        try (OutputStream o = Files.newOutputStream(tmp)) {
          new RequestFormWriter(mappings).write(language, o);
        }
        Files.move(tmp, out);
        written = true;
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot write " + out + ": " + e.getMessage(), e);
      } finally {
        if (!written) {
          try {
            Files.deleteIfExists(tmp); // never leave a half-written form behind
          } catch (IOException ignored) {
            // the original failure is what the operator needs to see
          }
        }
      }
      spec.commandLine().getOut().println("Request form (" + language + ") written to " + out);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true,
      description = {"Read a filled-in request form and print the request (canonical JSON), or what is wrong",
          "with it in the form's language (the same check as the drop folder)."})
  static final class Read implements Callable<Integer> {
    @CommandLine.Mixin MappingsOption config;

    @Parameters(paramLabel = "FILE.pdf", description = "The filled-in form.")
    Path file;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
        description = "Language for errors when the form does not name its language (default: ${DEFAULT-VALUE}).")
    String language;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      Mappings mappings = Mappings.load(config.directory);
      if (!Files.isRegularFile(file)) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, file + " does not exist");
      }
      Map<String, String> fields = new RequestFormReader().read(file).orElseThrow(() -> new GatewayException(
          ReasonCode.INPUT_INVALID, file + " is not a gateway request form (no request form fields); make one with "
              + "mlagw form new --lang LANG --out FILE.pdf"));
      CanonicalRequest request = new RequestReader(mappings, new RequestFormReader()).bind(
          RequestReader.fromFormFields(fields), null, null, null, mappings.languageOrDefault(language));
      java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
      CanonicalJson.write(request, json);
      spec.commandLine().getOut().println(json.toString(java.nio.charset.StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
