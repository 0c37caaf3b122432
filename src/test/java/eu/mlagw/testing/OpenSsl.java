package eu.mlagw.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyStoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code openssl} CLI (installed by .ci/run) as an independent implementation. A
 * missing openssl fails the test: interop is part of what we promise.
 */
public final class OpenSsl {
  private OpenSsl() {}

  public record Result(int exitCode, String output) {}

  public static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("openssl timed out: " + cmd);
    }
    return new Result(p.exitValue(), out);
  }

  /** Runs openssl and fails the test unless it exits 0. */
  public static String ok(Path workDir, String... args) throws IOException, InterruptedException {
    Result r = run(workDir, args);
    assertEquals(0, r.exitCode(), "openssl " + String.join(" ", args) + " failed:\n" + r.output());
    return r.output();
  }

  /** Writes certificate and PKCS#8 key PEM files named NAME.pem and NAME.key. */
  public static void writePem(Path dir, String name, Credential credential) throws IOException {
    Files.writeString(dir.resolve(name + ".pem"), KeyStoreFiles.pem(credential.certificate()));
    Files.writeString(dir.resolve(name + ".key"), KeyStoreFiles.pemPrivateKey(credential.privateKey()));
  }
}
