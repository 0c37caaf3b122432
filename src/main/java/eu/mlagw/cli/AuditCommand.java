package eu.mlagw.cli;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditExport;
import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.AuditLogVerifier;
import eu.mlagw.audit.AuditQuery;
import eu.mlagw.audit.AuditStore;
import eu.mlagw.audit.AuditTrail;
import eu.mlagw.audit.AuditorAction;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.MerkleHashes;
import eu.mlagw.audit.ProofBundleWriter;
import eu.mlagw.audit.VerificationResult;
import eu.mlagw.audit.VerifiedCheckpoint;
import eu.mlagw.pdf.AuditReportWriter;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlagw audit verify|proof|verify-proof|query|export}: the auditor's tools. Every command
 * that reads the gateway's log first records who, what and why as an audit event. Exit codes: 0
 * verified / done, 3 tampering found (the line names the first bad sequence number), 1 error.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify, prove, query and export the audit trail.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Proof.class, VerifyProofCommand.class,
        AuditCommand.Query.class, AuditCommand.Export.class, AuditCommand.NoteKey.class})
final class AuditCommand implements Runnable {
  /** Exit code when the log or a bundle does not verify. */
  static final int TAMPERED = 3;

  @ParentCommand Mlagw mlagw;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw CommandSummaries.missingCommand(spec);
  }

  AuditStore open(GatewayConfig config) throws GatewayException {
    return mlagw.auditStores().open(config);
  }

  static AuditTrail trail(AuditStore store) {
    return record -> store.append(record, Instant.now());
  }

  /** Checks checkpoints against the seal of {@code config}'s gateway, trusted by {@code keys}' policy. */
  static CheckpointVerifier checkpointVerifier(GatewayConfig config, GatewayKeys keys) throws GatewayException {
    Path seal = config.gatewaySealCertificate().orElseThrow(() -> new GatewayException(ReasonCode.CONFIG_INVALID,
        config.directory().resolve("gateway.yaml") + ": gateway.sealCertificate is missing; checkpoints of the "
            + "audit log are signed with the gateway's seal and checked against it"));
    return new CheckpointVerifier(keys.trustPolicy(), List.of(KeyStoreFiles.readCertificate(seal)),
        keys.gatewayNoteKey(eu.mlagw.audit.Checkpoint.originOf(config.gatewayId())).verifierKey());
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Recompute the whole log and check every signed checkpoint; names the first bad sequence number.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand AuditCommand group;
    @Mixin ConfigOption config;
    @Mixin AuditOptions.Who who;

    @Option(names = "--known-checkpoint", paramLabel = "FILE.p7s",
        description = "A checkpoint saved earlier (--save-checkpoint); detects a log rolled back with its checkpoints.")
    List<Path> known = new ArrayList<>();

    @Option(names = "--save-checkpoint", paramLabel = "FILE.p7s",
        description = "After a successful verification, save the newest checkpoint here for the next --known-checkpoint.")
    Path save;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      GatewayConfig cfg = config.load();
      GatewayKeys keys = new GatewayKeys(cfg, System.getenv());
      AuditorAction action = who.action();
      List<byte[]> held = new ArrayList<>();
      for (Path p : known) {
        held.add(read(p));
      }
      PrintWriter o = spec.commandLine().getOut();
      try (AuditStore store = group.open(cfg)) {
        VerificationResult r = new AuditLogVerifier(checkpointVerifier(cfg, keys), cfg.gatewayId())
            .verify(store, held, Instant.now());
        Map<String, String> what = new LinkedHashMap<>();
        what.put("result", r.ok() ? "OK" : "TAMPERED");
        what.put("events", String.valueOf(r.eventsChecked()));
        what.put("checkpoints", String.valueOf(r.checkpointsChecked()));
        if (!r.ok()) {
          what.put("firstBadSequence", String.valueOf(r.firstBadSequence()));
          what.put("failure", r.failure().name());
        }
        action.record(trail(store), AuditEventType.AUDIT_VERIFIED, null, what);
        o.println(r.summary());
        if (r.ok() && save != null && store.latestCheckpoint().isPresent()) {
          write(save, store.latestCheckpoint().get());
          o.println("saved the newest checkpoint to " + save + "; pass it as --known-checkpoint next time");
        }
        o.flush();
        return r.ok() ? 0 : TAMPERED;
      }
    }
  }

  @Command(name = "proof", mixinStandardHelpOptions = true,
      description = "Write a self-contained proof bundle of one exchange (events, inclusion proofs, signed checkpoint, chain).")
  static final class Proof implements Callable<Integer> {
    @ParentCommand AuditCommand group;
    @Mixin ConfigOption config;
    @Mixin AuditOptions.Who who;

    @Parameters(index = "0", paramLabel = "EXCHANGE-ID", description = "The exchange to prove.")
    String exchange;

    @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "Where to write the bundle.")
    Path out;

    @Option(names = "--since-checkpoint", paramLabel = "FILE", description = {"A checkpoint of this gateway you "
        + "hold (checkpoint.txt of an earlier bundle, or its body): the bundle then carries the RFC 9162",
        "consistency proof from it to the newest checkpoint."})
    Path since;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      GatewayConfig cfg = config.load();
      GatewayKeys keys = new GatewayKeys(cfg, System.getenv());
      AuditorAction action = who.action();
      java.util.Optional<eu.mlagw.audit.Checkpoint> held = since == null ? java.util.Optional.empty()
          : java.util.Optional.of(VerifyProofCommand.readCheckpoint(since));
      CheckpointSigner signer = eu.mlagw.audit.GatewayCheckpointKeys.signer(keys, cfg.gatewayId());
      try (AuditStore store = group.open(cfg);
          AuditLog log = new AuditLog(store, signer, checkpointVerifier(cfg, keys), cfg.gatewayId(), Clock.systemUTC())) {
        action.record(log, AuditEventType.AUDIT_EXPORTED, exchange, Map.of("export", "proof bundle",
            "file", String.valueOf(out.getFileName())));
        VerifiedCheckpoint checkpoint = log.checkpoint();
        ProofBundleWriter.Written w = new ProofBundleWriter(store).write(exchange, checkpoint,
            keys.trustPolicy().crls(), held, out);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %s: %d events of exchange %s (sequence numbers %s)%n", out, w.sequences().size(), exchange,
            w.sequences());
        o.printf("  proven against the checkpoint of %s: size %d, root %s, signed at %s%n", w.checkpoint().origin(),
            w.checkpoint().size(), MerkleHashes.hex(w.checkpoint().rootHash()), w.checkpoint().time());
        if (held.isPresent()) {
          o.printf("  with a consistency proof from the checkpoint you hold (size %d) to it%n", held.get().size());
        }
        o.printf("  checkpoint signature: %s%n", checkpoint.signature().trustedTimeLine());
        o.printf("  check it anywhere: mlagw audit verify-proof %s (or with OpenSSL, see README.txt inside)%n", out);
        o.flush();
        return 0;
      }
    }
  }

  @Command(name = "query", mixinStandardHelpOptions = true,
      description = "List the events matching all criteria given, oldest first.")
  static final class Query implements Callable<Integer> {
    @ParentCommand AuditCommand group;
    @Mixin ConfigOption config;
    @Mixin AuditOptions.Who who;
    @Mixin AuditOptions.Filter filter;

    @Option(names = "--jsonl", description = "Print each event as its canonical JSON line instead of a summary line.")
    boolean jsonl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      GatewayConfig cfg = config.load();
      AuditorAction action = who.action();
      AuditQuery query = filter.query();
      PrintWriter o = spec.commandLine().getOut();
      try (AuditStore store = group.open(cfg)) {
        action.record(trail(store), AuditEventType.AUDIT_QUERIED, query.exchangeId(), query.describe());
        long[] matched = {0};
        long read = query.run(store, e -> {
          matched[0]++;
          o.println(jsonl ? eu.mlagw.audit.AuditEventCodec.encodeToString(e) : line(e));
        });
        o.printf("%d of %d events match %s%n", matched[0], read, query.summary());
        o.flush();
        return 0;
      }
    }

    private static String line(eu.mlagw.audit.AuditEvent e) {
      var r = e.record();
      StringBuilder sb = new StringBuilder().append('#').append(e.sequence()).append(' ').append(e.time()).append(' ')
          .append(r.type());
      if (r.exchangeId() != null) {
        sb.append(" exchange ").append(r.exchangeId());
      }
      if (r.sender() != null || r.recipient() != null) {
        sb.append(' ').append(r.sender()).append(" -> ").append(r.recipient());
      }
      if (!r.caseReferences().isEmpty()) {
        sb.append(" cases ").append(String.join(", ", r.caseReferences()));
      }
      if (r.reasonCode() != null) {
        sb.append(" reason ").append(r.reasonCode());
      }
      if (!r.details().isEmpty()) {
        sb.append(' ').append(new java.util.TreeMap<>(r.details()));
      }
      return sb.toString();
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Export the events matching all criteria given as JSON Lines (canonical bytes), CSV, or a "
          + "readable PDF report signed by the gateway.")
  static final class Export implements Callable<Integer> {
    @ParentCommand AuditCommand group;
    @Mixin ConfigOption config;
    @Mixin AuditOptions.Who who;
    @Mixin AuditOptions.Filter filter;

    @Option(names = "--format", required = true, paramLabel = "jsonl|csv|pdf",
        description = "jsonl, csv or pdf (a report signed with the gateway's seal).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write (must not exist).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      if (Files.exists(out)) {
        throw new GatewayException(ReasonCode.OUTPUT_EXISTS, out + " already exists; choose another --out file");
      }
      if ("pdf".equalsIgnoreCase(format.strip())) {
        return pdf();
      }
      AuditExport.Format f;
      try {
        f = AuditExport.Format.valueOf(format.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "--format " + format + " is not supported; use jsonl, csv "
            + "or pdf");
      }
      GatewayConfig cfg = config.load();
      AuditorAction action = who.action();
      AuditQuery query = filter.query();
      Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp");
      try (AuditStore store = group.open(cfg)) {
        Map<String, String> what = new LinkedHashMap<>(query.describe());
        what.put("format", f.name().toLowerCase(java.util.Locale.ROOT));
        what.put("file", String.valueOf(out.getFileName()));
        action.record(trail(store), AuditEventType.AUDIT_EXPORTED, query.exchangeId(), what);
        long written;
        try (var w = Files.newBufferedWriter(tmp)) {
          AuditExport export = new AuditExport(w, f);
          query.run(store, export::add);
          written = export.written();
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().printf("exported %d events matching %s to %s (%s)%n", written, query.summary(), out,
            f.name().toLowerCase(java.util.Locale.ROOT));
        spec.commandLine().getOut().flush();
        return 0;
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot write " + out + ": " + e.getMessage(), e);
      } finally {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // moved into place, or writing failed and the error is reported
        }
      }
    }

    /**
     * The PDF report: records the export, signs a checkpoint (recomputing the log up to it), lists the
     * matching events it covers, and seals the file with the gateway's seal.
     */
    private Integer pdf() throws GatewayException {
      GatewayConfig cfg = config.load();
      GatewayKeys keys = new GatewayKeys(cfg, System.getenv());
      AuditorAction action = who.action();
      AuditQuery query = filter.query();
      DetachedSigner seal = keys.signer(keys.gatewaySeal());
      Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp");
      try (AuditStore store = group.open(cfg);
          AuditLog log = new AuditLog(store, new CheckpointSigner(seal,
              keys.gatewayNoteKey(eu.mlagw.audit.Checkpoint.originOf(cfg.gatewayId()))), checkpointVerifier(cfg, keys),
              cfg.gatewayId(), Clock.systemUTC())) {
        Map<String, String> what = new LinkedHashMap<>(query.describe());
        what.put("format", "pdf");
        what.put("file", String.valueOf(out.getFileName()));
        action.record(log, AuditEventType.AUDIT_EXPORTED, query.exchangeId(), what);
        VerifiedCheckpoint checkpoint = log.checkpoint();
        long size = checkpoint.checkpoint().size();
        AuditReportWriter.Header header = new AuditReportWriter.Header(cfg.gatewayId(), query.summary(),
            action.auditor(), action.purpose(), Instant.now(), checkpoint.checkpoint());
        long written;
        try (var w = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
          written = new AuditReportWriter(seal, tmp.getParent()).write(header, sink -> query.run(store, size, sink), w);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("exported %d events matching %s to %s (pdf, signed by the gateway's seal)%n", written, query.summary(),
            out);
        o.printf("  events checked against the checkpoint of size %d, root %s%n", size,
            MerkleHashes.hex(checkpoint.checkpoint().rootHash()));
        o.flush();
        return 0;
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot write " + out + ": " + e.getMessage(), e);
      } finally {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // moved into place, or writing failed and the error is reported
        }
      }
    }
  }

  static byte[] read(Path file) throws GatewayException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Path file, byte[] data) throws GatewayException {
    try {
      Files.write(file, data);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Command(name = "note-key", mixinStandardHelpOptions = true,
      description = {"Print the note verifier key of this gateway's audit checkpoints (NAME+KEYID+KEY, the C2SP",
          "signed-note / Go sumdb form): publish it; auditors check checkpoint notes with it."})
  static final class NoteKey implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      GatewayConfig cfg = config.load();
      GatewayKeys keys = new GatewayKeys(cfg, System.getenv());
      PrintWriter o = spec.commandLine().getOut();
      o.println(keys.gatewayNoteKey(eu.mlagw.audit.Checkpoint.originOf(cfg.gatewayId())).verifierKey());
      o.flush();
      return 0;
    }
  }
}
