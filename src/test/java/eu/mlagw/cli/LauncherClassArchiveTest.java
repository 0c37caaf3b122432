package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development launcher {@code ./mlagw} makes its class-data archive (AppCDS) on the first run after
 * a build and starts every later command with it; {@code MLAGW_CDS=off} starts without it. Run from a
 * scratch home: a copy of the launcher, a jar of this build's classes, this test's class path jars as
 * {@code target/lib}, a build stamp and no sources (so the launcher does not build). No timing here:
 * {@code bench/start-bench.sh} measures what the archive saves.
 */
class LauncherClassArchiveTest {
  @TempDir static Path home;
  static Path archive;

  record Run(int code, String out) {}

  @BeforeAll
  static void scratchHome() throws IOException {
    Files.copy(Path.of("mlagw"), home.resolve("mlagw"), StandardCopyOption.COPY_ATTRIBUTES);
    Path target = Files.createDirectories(home.resolve("target"));
    Path lib = Files.createDirectories(target.resolve("lib"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Files.createSymbolicLink(lib.resolve(p.getFileName()), p.toAbsolutePath());
      }
    }
    jar(Path.of("target/classes"), target.resolve("mla-gateway-test.jar"));
    Files.createFile(target.resolve(".mlagw-built"));
    archive = target.resolve("mlagw.jsa");
  }

  @Test
  void theFirstRunMakesTheArchiveLaterRunsMapItAndAChangedBuildRemakesIt() throws Exception {
    Files.deleteIfExists(archive); // as after a fresh build (the other test may have run first)
    Files.deleteIfExists(home.resolve("target/mlagw.jsa.key"));
    Run first = mlagw(Map.of(), "--version");
    assertEquals(0, first.code(), first.out());
    assertTrue(first.out().contains("Preparing a faster start"), first.out());
    assertTrue(Files.isRegularFile(archive), "target/mlagw.jsa made; log:\n" + log());
    assertFalse(leftovers(), "no temporary files left beside the archive");

    // -Xshare:on refuses to start unless the archive is mapped: this start used it
    Run mapped = mlagw(Map.of("MLAGW_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -Xshare:on -Xlog:class+load=info"),
        "--version");
    assertEquals(0, mapped.code(), mapped.out());
    assertFalse(mapped.out().contains("Preparing a faster start"), "made once, not at every start");
    assertTrue(mapped.out().contains("eu.mlagw.cli.Mlagw source: shared objects file"), mapped.out());
    assertTrue(mapped.out().contains("picocli.CommandLine source: shared objects file"), "picocli's classes too");

    Run off = mlagw(Map.of("MLAGW_CDS", "off", "MLAGW_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -Xlog:class+load=info"),
        "--version");
    assertEquals(0, off.code(), off.out());
    assertTrue(off.out().contains("eu.mlagw.cli.Mlagw source: file:"), "MLAGW_CDS=off loads from the jar:\n" + off.out());

    // a new build (the stamp the launcher touches after building) makes a new archive
    FileTime before = Files.getLastModifiedTime(archive);
    Files.setLastModifiedTime(home.resolve("target/.mlagw-built"), FileTime.from(Instant.now().plusSeconds(5)));
    Run rebuilt = mlagw(Map.of(), "--version");
    assertEquals(0, rebuilt.code(), rebuilt.out());
    assertTrue(rebuilt.out().contains("Preparing a faster start"), rebuilt.out());
    assertNotEquals(before, Files.getLastModifiedTime(archive));
  }

  @Test
  void anArchiveTheJvmRefusesIsIgnoredAndTheCommandRuns() throws Exception {
    assertEquals(0, mlagw(Map.of(), "--version").code());
    // the key says "current", but the archive no longer matches the jar (another modification
    // time, as after a copy that did not keep it): the JVM maps nothing and loads from the jars, silently
    Path jar = home.resolve("target/mla-gateway-test.jar");
    Path keyFile = home.resolve("target/mlagw.jsa.key");
    FileTime time = Files.getLastModifiedTime(jar);
    String key = Files.readString(keyFile);
    String sizeAndTime = Files.size(jar) + " " + time.toMillis() / 1000 + " ";
    assertTrue(key.contains(sizeAndTime), key);
    FileTime later = FileTime.fromMillis(time.toMillis() + 10_000);
    Files.setLastModifiedTime(jar, later);
    Files.writeString(keyFile, key.replace(sizeAndTime, Files.size(jar) + " " + later.toMillis() / 1000 + " "));
    try {
      Run run = mlagw(Map.of("MLAGW_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -Xlog:class+load=info"), "--help");
      assertEquals(0, run.code(), run.out());
      assertFalse(run.out().contains("Preparing a faster start"), "the key matched: " + run.out());
      assertTrue(run.out().contains("Usage: mlagw"), run.out());
      assertTrue(run.out().contains("eu.mlagw.cli.Mlagw source: file:"), run.out());
      assertFalse(run.out().contains("warning"), "silently: " + run.out());
    } finally {
      Files.setLastModifiedTime(jar, time);
      Files.writeString(keyFile, key);
    }
  }

  private static boolean leftovers() throws IOException {
    try (Stream<Path> s = Files.list(home.resolve("target"))) {
      return s.anyMatch(p -> p.getFileName().toString().contains(".tmp."));
    }
  }

  private static String log() throws IOException {
    Path log = home.resolve("target/mlagw-cds.log");
    return Files.exists(log) ? Files.readString(log) : "(none)";
  }

  private static Run mlagw(Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("mlagw").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    // the JVM running this test is the java the launcher finds first
    String java = ProcessHandle.current().info().command().orElse("java");
    pb.environment().put("PATH", Path.of(java).getParent() + File.pathSeparator + System.getenv("PATH"));
    pb.environment().remove("MLAGW_HOME");
    pb.environment().remove("MLAGW_JAVA_OPTS");
    pb.environment().remove("MLAGW_CDS");
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running after 120 s");
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** A jar of a class folder, as {@code mvn package} makes it (no manifest needed to run a main class). */
  private static void jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }
}
