package eu.mlagw.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs one {@code mlagw} command (status, audit, ack …) in a JVM of its own and captures what it printed. */
public final class MlagwCli {
  private MlagwCli() {}

  /** Exit code and combined stdout/stderr of one command. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code mlagw ARGS}; fails if it has not ended within {@code bound}. */
  public static Result run(Duration bound, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("mlagw-cli-", ".out");
    try {
      Process p = new ProcessBuilder(MlagwJvm.command(java.util.List.of("-Xmx256m"), args)).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("mlagw " + String.join(" ", args) + " did not end within " + bound + ":\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
