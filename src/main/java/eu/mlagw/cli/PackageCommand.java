package eu.mlagw.cli;

import eu.mlagw.crypto.CipherWarmUp;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.EnvelopeInspector;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.DocumentSource;
import eu.mlagw.pkg.OpenedPackage;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.PackageSealer;
import eu.mlagw.pkg.SealRequest;
import eu.mlagw.pkg.SealedPackage;
import eu.mlagw.pkg.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlagw package seal|open|inspect}: work with sealed packages directly. */
@Command(name = "package", mixinStandardHelpOptions = true,
    description = "Seal, open and inspect packages (ASiC-E, signed, AES-256-GCM encrypted).",
    subcommands = {PackageCommand.Seal.class, PackageCommand.Open.class, PackageCommand.Inspect.class,
        PackageCommand.Split.class})
final class PackageCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw CommandSummaries.missingCommand(spec);
  }

  /** Above this size a one-shot command first warms up the JIT (see CipherWarmUp); below, it costs more. */
  static final long WARM_UP_ABOVE = 64L << 20;

  /** Files under a folder, sorted, as documents named by their relative path. */
  static List<DocumentSource> documentsIn(Path folder) throws GatewayException {
    if (!Files.isDirectory(folder)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, folder + " is not a folder; --from must name the "
          + "folder holding the documents to seal");
    }
    List<DocumentSource> docs = DocumentSource.allIn(folder, java.util.Set.of());
    if (docs.isEmpty()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, folder + " holds no documents; put the files to send in it");
    }
    return docs;
  }

  static long totalSize(List<DocumentSource> docs) throws GatewayException {
    long total = 0;
    for (DocumentSource d : docs) {
      try {
        total += Files.size(d.file());
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + d.file() + ": " + e.getMessage(), e);
      }
    }
    return total;
  }

  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k")) {
      unit = 1L << 10;
    } else if (t.endsWith("m")) {
      unit = 1L << 20;
    } else if (t.endsWith("g")) {
      unit = 1L << 30;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      return Long.parseLong(digits) * unit;
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a size; use e.g. 64m, 512k, 1g");
    }
  }

  @Command(name = "seal", mixinStandardHelpOptions = true,
      description = "Seal the documents of a folder into one package file for one or more recipients.")
  static final class Seal implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "Folder with the documents.")
    Path from;

    @Option(names = "--sender", required = true, paramLabel = "ID", description = "Sending participant (hosted here).")
    String sender;

    @Option(names = "--to", required = true, paramLabel = "ID", description = "Recipient participant; repeatable.")
    List<String> recipients;

    @Option(names = "--out", required = true, paramLabel = "FILE.p7m", description = "Package file to write.")
    Path out;

    @Option(names = "--subject", paramLabel = "TEXT", defaultValue = "", description = "Optional subject line.")
    String subject;

    @Option(names = "--segment-size", paramLabel = "SIZE", defaultValue = "64m",
        description = "Plaintext bytes per envelope segment (default ${DEFAULT-VALUE}).")
    String segmentSize;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      List<DocumentSource> docs = documentsIn(from);
      long total = totalSize(docs);
      // Warm the AES-GCM and SHA-256 paths on the other core while this one loads configuration and
      // keys (measured: a blocking warm-up before sealing cost more than it saved).
      CipherWarmUp.Background warmUp = total > WARM_UP_ABOVE ? CipherWarmUp.startInBackground() : null;
      GatewayKeys keys = new GatewayKeys(config.load(), System.getenv());
      List<X509Certificate> certs = new ArrayList<>();
      for (String r : recipients) {
        certs.add(keys.encryptionCertificate(r));
      }
      DetachedSigner signer = keys.signer(keys.sealCredential(sender));
      PackageSealer sealer = new PackageSealer(signer, Clock.systemUTC(), new SecureRandom(), parseSize(segmentSize));
      if (warmUp != null) {
        warmUp.stop();
      }
      long t0 = System.nanoTime();
      SealedPackage sealed;
      try (ProgressBars bar = new ProgressBars("Sealing", total)) {
        sealed = sealer.seal(new SealRequest(sender, recipients, certs, docs, subject), out, bar.listener());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      PrintWriter o = spec.commandLine().getOut();
      o.printf("Sealed %d document(s), %d bytes, from %s for %s%n", docs.size(), total, sender, String.join(", ", recipients));
      o.printf("Package %s: %d bytes, %d envelope segment(s), id %s (%.2f s, %.0f MB/s)%n", out, sealed.size(),
          sealed.segments(), sealed.metadata().packageId(), seconds, total / 1e6 / Math.max(seconds, 1e-9));
      o.flush();
      return 0;
    }
  }

  @Command(name = "open", mixinStandardHelpOptions = true,
      description = "Verify a package completely, then write its documents, metadata and a verification report.")
  static final class Open implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE.p7m", description = "The package.")
    Path file;

    @Option(names = "--as", required = true, paramLabel = "ID", description = "Recipient participant (hosted here).")
    String as;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create for the content.")
    Path out;

    @Option(names = "--trusted-time", paramLabel = "INSTANT",
        description = "Check the seal's certificates at this time (e.g. 2026-12-04T10:15:30Z) instead of now. Give "
            + "only a time you recorded yourself (e.g. when your gateway received the package), never the signing "
            + "time the package claims.")
    java.time.Instant trustedTime;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException, IOException {
      long size = Files.exists(file) ? Files.size(file) : 0;
      // as for seal: warm up on the other core while this one loads configuration and keys
      CipherWarmUp.Background warmUp = size > WARM_UP_ABOVE ? CipherWarmUp.startInBackground() : null;
      GatewayKeys keys = new GatewayKeys(config.load(), System.getenv());
      PackageOpener opener = PackageOpener.forGateway(keys, Clock.systemUTC());
      if (trustedTime != null) {
        opener = opener.withValidationTime(eu.mlagw.crypto.ValidationTime.recorded(trustedTime, "--trusted-time",
            java.time.Instant.now()));
      }
      eu.mlagw.crypto.Credential credential = keys.encryptionCredential(as);
      if (warmUp != null) {
        warmUp.stop();
      }
      long t0 = System.nanoTime();
      OpenedPackage opened;
      try (ProgressBars bar = new ProgressBars("Opening", size)) {
        opened = opener.open(file, as, credential, out, bar.listener());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      PrintWriter o = spec.commandLine().getOut();
      o.printf("VERIFIED package %s from %s, sealed %s (claimed by the seal) by %s%n", opened.metadata().packageId(),
          opened.metadata().sender(), opened.signature().signingTime(),
          opened.signature().signer().getSubjectX500Principal().getName());
      o.printf("certificates checked at %s: %s%n", opened.signature().validatedAt().at(),
          opened.signature().validatedAt().source());
      o.printf("%s%n", opened.signature().trustedTimeLine());
      o.printf("%d document(s) written to %s (%.2f s, %.0f MB/s); report: %s%n", opened.metadata().documents().size(),
          out.resolve("documents"), seconds, size / 1e6 / Math.max(seconds, 1e-9), out.resolve(VerificationReport.TEXT_FILE));
      o.flush();
      return 0;
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Show what can be known about a package without a key: recipients, algorithms, sizes.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.p7m", description = "The package.")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      List<EnvelopeInspector.Segment> segments;
      long size;
      try (InputStream in = Files.newInputStream(file)) {
        size = Files.size(file);
        segments = new EnvelopeInspector().inspect(in);
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
      }
      PrintWriter o = spec.commandLine().getOut();
      long ciphertext = 0;
      for (EnvelopeInspector.Segment s : segments) {
        ciphertext += s.ciphertextBytes();
      }
      EnvelopeInspector.Segment first = segments.get(0);
      o.printf("Package:            %s (%d bytes)%n", file, size);
      o.printf("Format:             CMS AuthEnvelopedData (RFC 5083), %d segment(s)%n", segments.size());
      o.printf("Content encryption: %s, %d-byte nonce, %d-byte tag%n", first.contentEncryption(), first.nonceBytes(),
          first.tagBytes());
      o.printf("Encrypted content:  %d bytes (the signed ASiC-E container inside)%n", ciphertext);
      o.println("Recipients:");
      for (String r : first.recipients()) {
        o.println("  - " + r);
      }
      o.println("Sender, documents and signature are encrypted: open the package as a recipient to see them.");
      o.flush();
      return 0;
    }
  }

  @Command(name = "split", mixinStandardHelpOptions = true,
      description = {"Write each envelope segment of a package as its own standard .p7m file, so tools that",
          "expect one CMS object per file (e.g. openssl cms -decrypt) can open a multi-segment package.",
          "Decrypt each segment-NNNNN.p7m in order and concatenate the outputs to get the ASiC-E container."})
  static final class Split implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.p7m", description = "The package.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws GatewayException {
      if (Files.exists(out)) {
        throw new GatewayException(ReasonCode.OUTPUT_EXISTS, out + " already exists; choose another --out");
      }
      List<EnvelopeInspector.Segment> segments;
      try (InputStream in = Files.newInputStream(file)) {
        segments = new EnvelopeInspector().inspect(in);
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
      }
      try (java.nio.channels.FileChannel src = java.nio.channels.FileChannel.open(file)) {
        Files.createDirectories(out);
        int i = 0;
        for (EnvelopeInspector.Segment s : segments) {
          Path target = out.resolve(String.format("segment-%05d.p7m", ++i));
          try (java.nio.channels.FileChannel dst = java.nio.channels.FileChannel.open(target,
              java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < s.length()) {
              done += src.transferTo(s.offset() + done, s.length() - done, dst);
            }
          }
        }
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot write segments to " + out + ": " + e.getMessage(), e);
      }
      spec.commandLine().getOut().printf("Wrote %d segment file(s) to %s%n", segments.size(), out);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
