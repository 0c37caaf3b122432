package eu.mlagw.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code mlagw} in a JVM of its own, as the launcher starts it: the test's
 * class path, the Hazelcast flags of the pom's surefire argLine and the launcher, the launcher's
 * default heap and its exit on out-of-memory. Tests that kill or stop a gateway need a real process.
 */
public final class MlagwJvm {
  /** Same flags as {@code hazelcast.jvm.opens} in pom.xml and the {@code mlagw} launcher (STACK.md). */
  public static final List<String> HAZELCAST_FLAGS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  /** The launcher's defaults ({@code mlagw}: MLAGW_JAVA_OPTS unset). */
  public static final List<String> LAUNCHER_HEAP = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

  private MlagwJvm() {}

  /** {@code java FLAGS -cp CLASSPATH eu.mlagw.cli.Mlagw ARGS}. */
  public static List<String> command(List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(HAZELCAST_FLAGS);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("eu.mlagw.cli.Mlagw");
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The shipped routes folder of this checkout (tests run with the project folder as working directory). */
  public static Path routes() {
    return Path.of("routes").toAbsolutePath();
  }
}
