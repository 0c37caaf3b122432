package eu.mlagw.cli;

import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.SamplePkiWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlagw pki init}: make a sample PKI. */
@Command(name = "pki", mixinStandardHelpOptions = true, description = "Make sample key material.",
    subcommands = {PkiCommand.Init.class, PkiCommand.NoteKey.class})
final class PkiCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw CommandSummaries.missingCommand(spec);
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Make a complete sample PKI: root CA, issuing CA, CRLs, a seal and an encryption certificate",
          "per participant, a TLS certificate and an evidence seal per gateway (the evidence seal with the",
          "gateway-seal key purpose " + eu.mlagw.crypto.CertificateRole.GATEWAY_SEAL_KEY_PURPOSE + "), PKCS#12 keystores.",
          "Keystore password: from MLAGW_KEYSTORE_PASSWORD if set, else generated into DIR/keystore-password.txt (mode 600)."})
  static final class Init implements Callable<Integer> {
    static final String PASSWORD_ENV = "MLAGW_KEYSTORE_PASSWORD";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the PKI into.")
    Path out;

    @Option(names = "--participants", required = true, split = ",", paramLabel = "ID,ID,...",
        description = "Participant ids, e.g. AL-PG-TIRANA,RS-HC-BELGRADE.")
    List<String> participants;

    @Option(names = "--gateways", split = ",", paramLabel = "ID,ID,...", defaultValue = "",
        description = "Gateway ids (TLS certificates), e.g. gw-al,gw-rs.")
    List<String> gateways;

    @Option(names = "--auditors", split = ",", paramLabel = "NAME,NAME,...", defaultValue = "",
        description = "Auditors (client certificates for the audit API, EKU clientAuth + the auditor key purpose), "
            + "e.g. ana.auditor.")
    List<String> auditors;

    @Option(names = "--operators", split = ",", paramLabel = "NAME,NAME,...", defaultValue = "",
        description = "Operators (client certificates for the web console, EKU clientAuth + the operator key "
            + "purpose), e.g. olta.operator.")
    List<String> operators;

    @Option(names = "--key-algorithm", paramLabel = "rsa|ec", defaultValue = "rsa",
        description = "Key type of participant and gateway keys: rsa (RSA 3072) or ec (P-256). CAs are RSA 3072.")
    String keyAlgorithm;

    @Option(names = "--organisation", paramLabel = "NAME", defaultValue = "MLA Gateway Sample PKI",
        description = "Organisation name in the certificates (default: ${DEFAULT-VALUE}).")
    String organisation;

    @Option(names = "--publication-url", paramLabel = "URL",
        defaultValue = eu.mlagw.crypto.SamplePkiWriter.DEFAULT_PUBLICATION_URL,
        description = "Base URL where the CA certificates (ca/*.cer) and CRLs (ca/*.crl) will be published; written "
            + "into every certificate as authority-info-access and CRL distribution point (default: ${DEFAULT-VALUE}).")
    String publicationUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      KeyKind kind;
      try {
        kind = KeyKind.parse(keyAlgorithm);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      for (String id : participants) {
        if (!id.matches("[A-Z]{2}(-[A-Z0-9]+)+")) {
          throw new CommandLine.ParameterException(spec.commandLine(), "participant id '" + id
              + "' is not valid; use a country code and parts in capitals, e.g. AL-PG-TIRANA");
        }
      }
      List<String> gatewayIds = gateways.stream().filter(g -> !g.isBlank()).toList();
      List<String> auditorNames = auditors.stream().filter(a -> !a.isBlank()).toList();
      List<String> operatorNames = operators.stream().filter(a -> !a.isBlank()).toList();
      for (String a : operatorNames) {
        if (!a.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
          throw new CommandLine.ParameterException(spec.commandLine(), "operator name '" + a
              + "' is not valid; use letters, digits, '.', '_' or '-' (e.g. olta.operator)");
        }
      }
      for (String a : auditorNames) {
        if (!a.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
          throw new CommandLine.ParameterException(spec.commandLine(), "auditor name '" + a
              + "' is not valid; use letters, digits, '.', '_' or '-' (e.g. ana.auditor)");
        }
      }
      Files.createDirectories(out);
      PrintWriter o = spec.commandLine().getOut();
      char[] password;
      String env = System.getenv(PASSWORD_ENV);
      if (env != null && !env.isEmpty()) {
        password = env.toCharArray();
        o.println("Keystore password: taken from " + PASSWORD_ENV + ".");
      } else {
        byte[] raw = new byte[18];
        new SecureRandom().nextBytes(raw);
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        Path file = out.resolve("keystore-password.txt");
        Files.writeString(file, new String(password) + "\n", StandardCharsets.UTF_8);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not POSIX: default permissions
        }
        o.println("Keystore password: generated into " + file + " (readable by you only).");
      }
      if (!publicationUrl.matches("https?://[^\\s]+")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--publication-url '" + publicationUrl
            + "' is not an http:// or https:// URL; give where ca/*.cer and ca/*.crl will be published");
      }
      List<Path> written = new SamplePkiWriter(new SecureRandom(), kind, Instant.now()).publishingAt(publicationUrl)
          .write(out, organisation, participants, gatewayIds, auditorNames, operatorNames, password);
      for (String id : gatewayIds) {
        written.add(writeVerifierKey(out.resolve("gateways").resolve(id), id, password));
      }
      java.util.Arrays.fill(password, '\0');
      o.printf("Wrote a sample PKI to %s: %d files for %d participant(s), %d gateway(s), %d auditor(s) and %d "
          + "operator(s).%n", out, written.size(), participants.size(), gatewayIds.size(), auditorNames.size(),
          operatorNames.size());
      o.println("Layout: ca/ (root and issuing CA, CRLs), participants/ID/{seal,encryption}.{pem,p12}, "
          + "gateways/ID/{tls,seal}.{pem,p12}, gateways/ID/note.{p12,vkey} (checkpoint note key), "
          + "auditors/NAME/auditor.{pem,p12}, "
          + "operators/NAME/operator.{pem,p12}, tsa/tsa.{pem,p12} (time-stamping authority: mlagw tsa), truststore.p12.");
      for (String id : gatewayIds) {
        o.println("Note verifier key of " + id + " (publish it for auditors): "
            + Files.readString(out.resolve("gateways").resolve(id).resolve(NOTE_VKEY)).strip());
      }
      o.flush();
      return 0;
    }
  }

  /** File beside note.p12 holding the published verifier key of the gateway's note key. */
  static final String NOTE_VKEY = "note.vkey";

  /** Reads back DIR/note.p12 of gateway {@code id} and writes DIR/note.vkey (its verifier key string and LF). */
  static Path writeVerifierKey(Path dir, String id, char[] password) throws IOException {
    try {
      eu.mlagw.crypto.NoteSigner key = eu.mlagw.crypto.NoteSigner.of(eu.mlagw.audit.Checkpoint.originOf(id),
          eu.mlagw.crypto.KeyStoreFiles.readCredential(dir.resolve(eu.mlagw.crypto.GatewayKeys.NOTE_KEYSTORE), password));
      Path file = dir.resolve(NOTE_VKEY);
      Files.writeString(file, key.verifierKey() + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (eu.mlagw.error.GatewayException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Command(name = "note-key", mixinStandardHelpOptions = true,
      description = {"Make the gateway's Ed25519 note key (signs audit checkpoints as C2SP signed notes) for a PKI",
          "made before it existed: writes note.p12 beside gateway.sealKeystore (with the configured keystore",
          "password) and note.vkey, and prints the verifier key to publish. Refuses to replace an existing key."})
  static final class NoteKey implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      eu.mlagw.config.GatewayConfig cfg = config.load();
      Path seal = cfg.gatewaySealKeystore().orElseThrow(() -> new eu.mlagw.error.GatewayException(
          eu.mlagw.error.ReasonCode.CONFIG_INVALID, cfg.directory().resolve("gateway.yaml")
              + ": gateway.sealKeystore is missing; the note key is kept beside the gateway's seal keystore"));
      Path dir = seal.toAbsolutePath().getParent();
      Path file = dir.resolve(eu.mlagw.crypto.GatewayKeys.NOTE_KEYSTORE);
      if (Files.exists(file)) {
        throw new eu.mlagw.error.GatewayException(eu.mlagw.error.ReasonCode.OUTPUT_EXISTS, file + " already exists; "
            + "a gateway keeps its note key (auditors hold its verifier key): print it with mlagw audit note-key");
      }
      char[] password = cfg.keystorePassword().resolve(System.getenv());
      try {
        eu.mlagw.crypto.KeyStoreFiles.writeCredential(file, "note",
            eu.mlagw.crypto.NoteSigner.generateCredential(cfg.gatewayId(), new SecureRandom()), password);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not POSIX: default permissions
        }
        Path vkey = writeVerifierKey(dir, cfg.gatewayId(), password);
        PrintWriter o = spec.commandLine().getOut();
        o.println("Wrote " + file + " and " + vkey + ".");
        o.println("Note verifier key (publish it for auditors): " + Files.readString(vkey).strip());
        o.flush();
        return 0;
      } finally {
        java.util.Arrays.fill(password, '\0');
      }
    }
  }
}
