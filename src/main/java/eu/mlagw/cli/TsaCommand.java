package eu.mlagw.cli;

import eu.mlagw.config.SecretSource;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.crypto.TimeStampAuthority;
import eu.mlagw.crypto.TimeStampServer;
import eu.mlagw.error.GatewayException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlagw tsa}: runs an RFC 3161 time-stamping authority over HTTP with the TSA key of {@code mlagw pki init}
 * (tsa/tsa.p12), for the demo and for deployments without a qualified TSA. A process of its own, like an outside
 * TSA: gateways reach it through gateway.yaml {@code timestamping.url}. Its time is the host's clock.
 */
@Command(name = "tsa", mixinStandardHelpOptions = true,
    description = "Run an RFC 3161 time-stamping authority (HTTP POST application/timestamp-query) with the TSA key "
        + "of mlagw pki init; gateways use it through gateway.yaml timestamping.url. Real deployments use a "
        + "qualified TSA instead.")
final class TsaCommand implements Callable<Integer> {
  @Option(names = "--keystore", required = true, paramLabel = "FILE",
      description = "PKCS#12 with the TSA key and certificate (critical EKU id-kp-timeStamping), e.g. certs/tsa/tsa.p12.")
  Path keystore;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "File whose first line is the keystore password, used when MLAGW_KEYSTORE_PASSWORD is not set.")
  Path passwordFile;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "3180", paramLabel = "PORT",
      description = "TCP port (default: ${DEFAULT-VALUE}; 0 for any free one).")
  int port;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StopSignals signals = StopSignals.install();
    char[] password = new SecretSource("MLAGW_KEYSTORE_PASSWORD", passwordFile, "--password-file")
        .resolve(System.getenv());
    Credential credential;
    try {
      credential = KeyStoreFiles.readCredential(keystore, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    TimeStampAuthority authority;
    try {
      authority = new TimeStampAuthority(credential, Clock.systemUTC());
    } catch (GatewayException e) {
      throw new GatewayException(e.reason(), keystore + ": " + e.getMessage(), e);
    }
    try (TimeStampServer server = TimeStampServer.start(authority, host, port)) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Time-stamping authority %s serving %s (policy %s; Ctrl-C to stop)%n",
          credential.certificate().getSubjectX500Principal().getName(), server.url(), TimeStampAuthority.POLICY);
      out.flush();
      String signal = signals.await();
      out.printf("%s: stopping the time-stamping authority%n", signal);
      out.flush();
    }
    return 0;
  }
}
