package eu.mlagw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mlagw} command line. Exit codes: 0 success, 1 failure (reason code printed), 2 usage,
 * 3 the audit log or a proof bundle does not verify ({@code mlagw audit}).
 */
@Command(name = "mlagw", mixinStandardHelpOptions = true, versionProvider = Mlagw.Version.class,
    description = "MLA Gateway: sealed, encrypted, audited exchange of mutual-legal-assistance requests and evidence.",
    subcommands = {DemoCommand.class, RunCommand.class, StatusCommand.class, AckCommand.class, EvidenceCommand.class,
        ConfigCommand.class,
        PackageCommand.class, PkiCommand.class, TsaCommand.class, AuditCommand.class, FormCommand.class,
        CommandLine.HelpCommand.class})
public final class Mlagw implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final eu.mlagw.audit.AuditStoreProvider auditStores;

  public Mlagw() {
    this(new eu.mlagw.audit.hazelcast.ClusteredAuditStores());
  }

  /** A command line whose audit commands open the gateway's audit store with {@code auditStores}. */
  public Mlagw(eu.mlagw.audit.AuditStoreProvider auditStores) {
    this.auditStores = auditStores;
  }

  eu.mlagw.audit.AuditStoreProvider auditStores() {
    return auditStores;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (used by tests). */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with the given output and error writers; returns the exit code. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return run(out, err, new eu.mlagw.audit.hazelcast.ClusteredAuditStores(), args);
  }

  /** Like {@link #run(java.io.PrintWriter, java.io.PrintWriter, String...)} with the given audit store. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, eu.mlagw.audit.AuditStoreProvider auditStores,
      String... args) {
    // picocli's default factory probes for Groovy closures (Class.forName("groovy.lang.Closure")) unless
    // told not to; that class is not there, so the probe opened and searched every one of the ~100
    // jars of the class path: ~90 ms of every start, --help included (docs/performance.md, "Start-up").
    System.setProperty("picocli.disable.closures", "true");
    CommandLine cli = new CommandLine(new Mlagw(auditStores));
    cli.setExecutionExceptionHandler(new FailureHandler());
    versionEverywhere(cli, new Version());
    CommandSummaries.installOn(cli);
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw CommandSummaries.missingCommand(spec);
  }

  /** Every command's {@code -V/--version} prints the build, not only {@code mlagw --version}. */
  private static void versionEverywhere(CommandLine command, Version version) {
    command.getCommandSpec().versionProvider(version);
    for (CommandLine sub : command.getSubcommands().values()) {
      versionEverywhere(sub, version);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return BuildInfo.ofThisBuild().lines();
    }
  }
}
