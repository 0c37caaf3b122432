package eu.mlagw.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One run of the command line's common start-up paths, for the launchers' class-data archive
 * (AppCDS): run under {@code -XX:DumpLoadedClassList}, it records the classes a short command needs,
 * which {@code -Xshare:dump} then stores in an archive that later starts map instead of loading
 * and verifying them from the jars.
 *
 * <p>Guaranteed read-only: it renders the usage of every command and, when a configuration folder
 * is given and exists, runs {@code status --config DIR} (which only reads the drop folders). All
 * output is discarded; failures (a configuration template not filled in yet) are expected and
 * ignored — the classes loaded until then are recorded all the same. Exit code 0 always.
 */
public final class StartupTraining {
  private StartupTraining() {}

  /** {@code args[0]}: optional configuration folder for {@code status}. */
  public static void main(String[] args) {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    Mlagw.run(discard, discard, "--help");
    Mlagw.run(discard, discard, "--version");
    Mlagw.run(discard, discard, "status", "--help");
    if (args.length > 0 && Files.isDirectory(Path.of(args[0]))) {
      Mlagw.run(discard, discard, "status", "--config", args[0]);
    }
  }
}
