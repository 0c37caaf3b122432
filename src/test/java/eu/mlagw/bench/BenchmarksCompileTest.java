package eu.mlagw.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks under {@code bench/} are single-file programs run with {@code java bench/X.java}; nothing
 * else compiles them, so a change of the code they call broke one unseen (ExchangeBench called a
 * constructor that no longer existed). Each is compiled here against the classes of this build.
 */
class BenchmarksCompileTest {
  @TempDir Path out;

  @Test
  void everyBenchmarkCompilesAgainstThisBuild() throws IOException {
    List<Path> benches;
    try (Stream<Path> files = Files.list(Path.of("bench"))) {
      benches = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertTrue(benches.size() >= 5, "the benchmarks are found: " + benches);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter messages = new StringWriter();
    // in one run (the compiler's start is most of the cost); each declares only its own top-level class
    boolean ok = javac.getTask(messages, null, null, List.of("-d", out.toString(), "-cp",
        System.getProperty("java.class.path"), "-proc:none", "-Xlint:none", "-nowarn"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(benches.stream().map(Path::toFile)
            .toArray(java.io.File[]::new))).call();
    List<String> broken = ok ? List.of() : List.of(messages.toString());
    assertEquals(List.of(), broken, "benchmarks that no longer compile");
  }
}
