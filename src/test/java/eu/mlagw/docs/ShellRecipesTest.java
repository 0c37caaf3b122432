package eu.mlagw.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import eu.mlagw.config.SamplePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell recipe of the manual (README.md, docs/*.md) is run, as a reader would run it.
 *
 * <p>A recipe is a fenced block tagged {@code sh}, {@code bash} or {@code console}. Each runs with
 * {@code bash -eo pipefail} in a scratch home of its page (one per page, shared by the page's blocks
 * in order): copies of {@code config/} (its cluster port made a free one), {@code certs-sample/} and
 * {@code routes/}, and a {@code
 * ./mlagw} that is the launcher without its build step (the classes of this test run; the JVM options
 * of the real launcher), with {@code MLAGW_HOME} pointing at the scratch home. A {@code sh}/{@code
 * bash} block must exit 0; a {@code console} block is a transcript: lines starting with {@code $ } are
 * run, the other lines are output lines that must appear, whole (numbers, ids and {@code …} stand for
 * any value; leading and trailing blanks are ignored).
 *
 * <p>The line before a block may hold {@code <!-- recipe: ... -->}: {@code not-run because REASON}
 * excuses it (it cannot run here: a server install, systemd); otherwise a list of {@code needs
 * exchange} (a node of the sample configuration first delivers one exchange AL-PG-TIRANA →
 * RS-HC-BELGRADE, case AL-2026-117, and stops; {@code EXCHANGE-ID} and the example id in the block
 * become its id), {@code needs audit-api} (a node serving the audit API runs during the block, on a
 * sample PKI {@code pki/} with auditors: {@link AuditApiNode}), {@code exit N} (the exit code the block must end with), {@code timeout N} (seconds;
 * default 60), {@code in DIR} (run in this folder of the scratch home). Every other block must carry
 * a language tag ({@code yaml}, {@code text}, …): an untagged block fails, so no recipe escapes.
 */
class ShellRecipesTest {
  static final Set<String> SHELL = Set.of("sh", "bash", "console");
  static final String EXAMPLE_ID = "01JDXQ4M3T9B7V0K2N8R5C6W1Y";
  private static final String HAZELCAST_OPENS = "--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED"
      + " --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
      + " --add-opens java.management/sun.management=ALL-UNNAMED"
      + " --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED";

  @TempDir static Path scratch;

  /** A directive, parsed. */
  record Directive(String excuse, boolean needsExchange, boolean needsAuditApi, int exit, int timeoutSeconds,
      String dir) {
    static Directive parse(String text) {
      if (text == null) {
        return new Directive(null, false, false, 0, 60, null);
      }
      if (text.startsWith("not-run")) {
        String reason = text.replaceFirst("^not-run\\s*(because)?\\s*", "");
        if (reason.length() < 10) {
          throw new IllegalArgumentException("a not-run directive says why: '" + text + "'");
        }
        return new Directive(reason, false, false, 0, 60, null);
      }
      boolean exchange = false;
      boolean auditApi = false;
      int exit = 0;
      int timeout = 60;
      String dir = null;
      for (String part : text.split(";")) {
        String[] w = part.strip().split("\\s+", 3);
        switch (w[0]) {
          case "needs" -> {
            switch (w[1]) {
              case "exchange" -> exchange = true;
              case "audit-api" -> auditApi = true;
              default -> throw new IllegalArgumentException("unknown fixture '" + w[1] + "'; known: exchange, audit-api");
            }
          }
          case "exit" -> exit = Integer.parseInt(w[1]);
          case "timeout" -> timeout = Integer.parseInt(w[1]);
          case "in" -> dir = w[1];
          default -> throw new IllegalArgumentException("unknown recipe directive '" + part.strip()
              + "'; known: not-run because …, needs exchange, needs audit-api, exit N, timeout N, in DIR");
        }
        if (w[0].equals("exit") && w.length > 2 && !w[2].startsWith("because")) {
          throw new IllegalArgumentException("'exit N' is followed by 'because …' or nothing: " + part);
        }
      }
      return new Directive(null, exchange, auditApi, exit, timeout, dir);
    }
  }

  /** Every block is a tagged recipe run here, an excused recipe, or tagged as something else. */
  @Test
  void everyRecipeIsRunOrExplicitlyExcused() {
    int run = 0;
    int excused = 0;
    List<String> problems = new ArrayList<>();
    for (Path page : Manual.pages()) {
      for (Manual.Block b : Manual.blocks(page)) {
        if (b.lang().isEmpty()) {
          problems.add(b.where() + ": untagged block; tag it sh/console (a recipe, run by this test) or yaml/text/…");
          continue;
        }
        if (!SHELL.contains(b.lang())) {
          if (b.directive() != null) {
            problems.add(b.where() + ": a recipe directive on a " + b.lang() + " block");
          }
          continue;
        }
        try {
          if (Directive.parse(b.directive()).excuse() != null) {
            excused++;
          } else {
            run++;
          }
        } catch (IllegalArgumentException e) {
          problems.add(b.where() + ": " + e.getMessage());
        }
      }
    }
    System.out.println("ShellRecipesTest: " + run + " recipes run, " + excused + " excused");
    assertEquals(List.of(), problems);
    assertTrue(run >= 15, "the manual's recipes are run: " + run);
  }

  @TestFactory
  Stream<DynamicNode> everyRecipeRuns() {
    List<DynamicNode> pages = new ArrayList<>();
    for (Path page : Manual.pages()) {
      List<Manual.Block> recipes = Manual.blocks(page).stream()
          .filter(b -> SHELL.contains(b.lang()) && Directive.parse(b.directive()).excuse() == null).toList();
      if (recipes.isEmpty()) {
        continue;
      }
      Home home = new Home(scratch.resolve(page.getFileName().toString().replace(".md", "")));
      List<DynamicTest> tests = new ArrayList<>();
      for (Manual.Block b : recipes) {
        tests.add(DynamicTest.dynamicTest(b.where(), () -> home.run(b)));
      }
      pages.add(DynamicContainer.dynamicContainer(Manual.ROOT.relativize(page).toString(), tests));
    }
    return pages.stream();
  }

  /** The one exchange delivered for all pages that need one (their homes get copies of its folders). */
  static final class Exchange {
    static Home home;
    static String id;

    static synchronized String id() throws Exception {
      if (id == null) {
        home = new Home(scratch.resolve("exchange-fixture"));
        home.create();
        id = home.deliverOneExchange();
      }
      return id;
    }
  }

  /** The scratch home of one page. */
  static final class Home {
    final Path dir;
    String exchangeId;

    Home(Path dir) {
      this.dir = dir;
    }

    void run(Manual.Block block) throws Exception {
      if (!Files.exists(dir)) {
        create();
      }
      Directive d = Directive.parse(block.directive());
      String text = block.text();
      if (d.needsExchange()) {
        if (exchangeId == null) {
          exchangeId = Exchange.id();
          copyTree(Exchange.home.dir.resolve("demo"), dir.resolve("demo"));
          copyTree(Exchange.home.dir.resolve("config/data"), dir.resolve("config/data"));
        }
        text = text.replace("EXCHANGE-ID", exchangeId).replace(EXAMPLE_ID, exchangeId);
      }
      AuditApiNode auditApi = d.needsAuditApi() ? AuditApiNode.start(dir) : null;
      try {
        if (auditApi != null) {
          text = auditApi.adapt(text);
        }
        runScript(block, d, text);
      } finally {
        if (auditApi != null) {
          auditApi.close();
        }
      }
    }

    private void runScript(Manual.Block block, Directive d, String text) throws Exception {
      List<String> expected = new ArrayList<>();
      String script = block.lang().equals("console") ? transcript(text, expected) : text;
      Path file = Files.writeString(dir.resolve(".recipe-" + block.line() + ".sh"), script);
      Path cwd = d.dir() == null ? dir : dir.resolve(d.dir());
      ProcessBuilder pb = new ProcessBuilder("bash", "-eo", "pipefail", file.toString()).directory(cwd.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve(".recipe-" + block.line() + ".out").toFile());
      pb.environment().put("MLAGW_HOME", dir.toString());
      pb.environment().remove("MLAGW_AUDITOR");
      Process p = pb.start();
      boolean done = p.waitFor(d.timeoutSeconds(), TimeUnit.SECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      String out = Files.readString(dir.resolve(".recipe-" + block.line() + ".out"));
      String shown = "\n--- recipe ---\n" + script + "--- output ---\n" + out;
      if (!done) {
        fail(block.where() + ": still running after " + d.timeoutSeconds() + " s" + shown);
      }
      assertEquals(d.exit(), p.exitValue(), block.where() + ": exit code" + shown);
      for (String line : expected) {
        Pattern want = OutputPattern.of(line);
        assertTrue(out.lines().anyMatch(l -> want.matcher(l.strip()).matches()),
            block.where() + ": the output shown in the manual does not appear: '" + line + "' (as " + want + ")" + shown);
      }
    }

    private void create() throws IOException {
      Files.createDirectories(dir);
      for (String folder : List.of("config", "certs-sample", "routes")) {
        copyTree(Manual.ROOT.resolve(folder), dir.resolve(folder));
      }
      // The one change to the sample: the cluster member's port (default 5701) is a free one, so a
      // gateway running on this machine, or a member left by another test, cannot make a recipe fail.
      Files.writeString(dir.resolve("config/gateway.yaml"), "\ncluster:\n  port: " + SamplePorts.free() + "\n",
          StandardOpenOption.APPEND);
      String java = ProcessHandle.current().info().command().orElse("java");
      String launcher = "#!/usr/bin/env bash\n"
          + "# The mlagw launcher without its build step: the classes of the test run.\n"
          + "export MLAGW_HOME=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n"
          + "exec '" + java + "' " + HAZELCAST_OPENS + " -XX:+ExitOnOutOfMemoryError ${MLAGW_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC} "
          + "-cp '" + System.getProperty("java.class.path") + "' eu.mlagw.cli.Mlagw \"$@\"\n";
      Path mlagw = Files.writeString(dir.resolve("mlagw"), launcher);
      Files.setPosixFilePermissions(mlagw, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Starts a node of the sample configuration, drops one request, waits for its Delivery, stops it. */
    private String deliverOneExchange() throws Exception {
      Path drop = dir.resolve("demo/drop/AL-PG-TIRANA");
      Path request = Files.createDirectories(drop.resolve("outbox/RS-HC-BELGRADE/request-2026-117"));
      Process node = new ProcessBuilder(dir.resolve("mlagw").toString(), "run").directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("fixture-node.log").toFile()).start();
      try {
        Files.writeString(request.resolve("request.yaml"), "subject: Request for call records of two numbers\n"
            + "caseReference: AL-2026-117\n");
        Files.writeString(request.resolve("numbers.txt"), "+355 4 222 333\n+381 11 444 555\n");
        Files.createFile(drop.resolve("outbox/RS-HC-BELGRADE/request-2026-117.ready"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < until) {
          Path sent = drop.resolve("sent");
          if (Files.isDirectory(sent)) {
            try (Stream<Path> ex = Files.list(sent)) {
              for (Path e : ex.toList()) {
                if (Files.isDirectory(e.resolve("evidences")) && hasDelivery(e.resolve("evidences"))) {
                  return e.getFileName().toString();
                }
              }
            }
          }
          if (!node.isAlive()) {
            break;
          }
          Thread.sleep(250);
        }
        fail("the sample node delivered nothing; its log:\n" + Files.readString(dir.resolve("fixture-node.log")));
        return null;
      } finally {
        node.destroy(); // SIGTERM: the node stops and signs its final checkpoint
        if (!node.waitFor(40, TimeUnit.SECONDS)) {
          node.destroyForcibly();
          fail("the sample node did not stop within 40 s of SIGTERM");
        }
      }
    }

    private static boolean hasDelivery(Path evidences) throws IOException {
      try (Stream<Path> s = Files.list(evidences)) {
        return s.anyMatch(f -> f.getFileName().toString().endsWith("Delivery.p7s")
            && !f.getFileName().toString().endsWith("NonDelivery.p7s"));
      }
    }

    private static void copyTree(Path from, Path to) throws IOException {
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
          Path t = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else {
            Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  /** The commands of a console transcript ({@code $ } lines, with their {@code \} continuations). */
  static String transcript(String text, List<String> expected) {
    StringBuilder script = new StringBuilder();
    boolean continued = false;
    for (String line : text.split("\n")) {
      if (continued) {
        script.append(line).append('\n');
        continued = line.endsWith("\\");
      } else if (line.startsWith("$ ")) {
        script.append(line.substring(2)).append('\n');
        continued = line.endsWith("\\");
      } else if (!line.isBlank() && !line.strip().equals("…")) {
        expected.add(line.strip());
      }
    }
    return script.toString();
  }

  /** An output line as shown in the manual, as a pattern: numbers, ids, hashes and … match any value. */
  static final class OutputPattern {
    private static final Pattern VARIABLE = Pattern.compile(
        "…|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "|[0-9A-HJKMNP-TV-Z]{26}|\\b(?=[0-9a-f]*\\d)[0-9a-f]{4,}\\b|\\d+");

    static Pattern of(String line) {
      StringBuilder regex = new StringBuilder();
      Matcher m = VARIABLE.matcher(line);
      int at = 0;
      while (m.find()) {
        regex.append(Pattern.quote(line.substring(at, m.start())));
        String v = m.group();
        regex.append(v.equals("…") ? ".*" : v.matches("\\d+") ? "\\d+" : "\\S+?");
        at = m.end();
      }
      regex.append(Pattern.quote(line.substring(at)));
      return Pattern.compile(regex.toString().replace("\\Q\\E", ""));
    }
  }

  @Test
  void shownOutputMatchesOtherValuesOfTheSameShape() {
    assertTrue(OutputPattern.of("OK 1204871 events and 2881 checkpoints verified").matcher(
        "OK 12 events and 3 checkpoints verified").matches());
    assertTrue(OutputPattern.of("wrote exchange.zip: 9 events of exchange 01JDXQ4M3T9B7V0K2N8R5C6W1Y (sequence")
        .matcher("wrote exchange.zip: 7 events of exchange 0193a3f2-1c2d-7e3f-8a9b-0c1d2e3f4a5b (sequence").find());
    assertTrue(!OutputPattern.of("VALID 9 events").matcher("TAMPERED 9 events").find());
    assertTrue(!OutputPattern.of("OK 8 events, covering events 0..7").matcher(
        "OK 9 events, covering events 0..7; events 8..8 are not yet covered by a signed checkpoint").matches());
  }
}
