package eu.mlagw.cli;

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
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mlagw demo}: on the shipped sample configuration, seals a sample MLA request from an
 * Albanian prosecutor to a Serbian court, inspects it, opens and verifies it as the court, and shows
 * that a tampered copy is refused. (The exchanges issue turns this into a live multi-gateway demo.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Seal a sample request, open and verify it, and show a tampered copy being refused.")
final class DemoCommand implements Callable<Integer> {
  private static final List<String> SAMPLES = List.of("mla-request-AL-RS.pdf", "evidence-call-records.csv");

  @Mixin ConfigOption config;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
      description = "Working folder for the demo (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--sender", defaultValue = "AL-PG-TIRANA", paramLabel = "ID", description = "Default: ${DEFAULT-VALUE}.")
  String sender;

  @Option(names = "--recipient", defaultValue = "RS-HC-BELGRADE", paramLabel = "ID", description = "Default: ${DEFAULT-VALUE}.")
  String recipient;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws GatewayException, IOException {
    PrintWriter o = spec.commandLine().getOut();
    GatewayKeys keys = config.load();
    String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path work = dir.resolve(run).toAbsolutePath();
    Path docs = Files.createDirectories(work.resolve("outbox-" + sender));
    for (String sample : SAMPLES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + sample)) {
        Files.copy(in, docs.resolve(sample));
      }
    }
    o.println("MLA Gateway demo — working folder " + work);
    o.printf("1. %s prepares %d documents in %s%n", sender, SAMPLES.size(), docs);

    Path sealedFile = work.resolve("package.p7m");
    PackageSealer sealer = new PackageSealer(new DetachedSigner(keys.sealCredential(sender)));
    SealedPackage sealed = sealer.seal(new SealRequest(sender, List.of(recipient),
        List.of(keys.encryptionCertificate(recipient)), PackageCommand.documentsIn(docs),
        "Request for mutual legal assistance — call records (demo)"), sealedFile, (d, t) -> { });
    o.printf("2. Sealed: ASiC-E container signed with %s's seal, encrypted (AES-256-GCM) for %s -> %s (%d bytes)%n",
        sender, recipient, sealedFile.getFileName(), sealed.size());

    List<EnvelopeInspector.Segment> segments;
    try (InputStream in = Files.newInputStream(sealedFile)) {
      segments = new EnvelopeInspector().inspect(in);
    }
    o.printf("3. Inspected without a key: %s, recipients: %s%n", segments.get(0).contentEncryption(),
        String.join("; ", segments.get(0).recipients()));

    PackageOpener opener = PackageOpener.forGateway(keys, Clock.systemUTC());
    Path inbox = work.resolve("inbox-" + recipient);
    OpenedPackage opened = opener.open(sealedFile, recipient, keys.encryptionCredential(recipient), inbox, (d, t) -> { });
    o.printf("4. Opened as %s: GCM tag valid, seal valid (signed %s by %s), chain trusted, CRLs checked, %d digests match%n",
        recipient, opened.signature().signingTime(), opened.signature().signer().getSubjectX500Principal().getName(),
        opened.verifiedEntries().size());
    o.printf("   Documents in %s; report in %s%n", inbox.resolve("documents"), inbox.resolve(VerificationReport.TEXT_FILE));

    Path tampered = work.resolve("package-tampered.p7m");
    Files.copy(sealedFile, tampered, StandardCopyOption.REPLACE_EXISTING);
    byte[] bytes = Files.readAllBytes(tampered);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(tampered, bytes);
    try {
      opener.open(tampered, recipient, keys.encryptionCredential(recipient), work.resolve("inbox-tampered"), (d, t) -> { });
      o.println("5. FAILED: a tampered copy was accepted");
      o.flush();
      return 1;
    } catch (GatewayException e) {
      if (e.reason() != ReasonCode.ENVELOPE_TAMPERED) {
        throw e;
      }
      o.println("5. A copy with one flipped bit is refused: " + e.reason() + "; nothing was written for it.");
    }
    o.println("Demo complete: sealed, inspected, opened and verified; tampering detected.");
    o.flush();
    return 0;
  }
}
