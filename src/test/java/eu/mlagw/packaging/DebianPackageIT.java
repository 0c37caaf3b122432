package eu.mlagw.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import eu.mlagw.config.SamplePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code mvn package} builds (target/mlagw_VERSION_all.deb), read with the
 * real dpkg-deb: its control data, contents, conffiles, maintainer scripts and systemd unit; then
 * unpacked ({@code dpkg-deb -x}) and its launcher run from there: the shipped configuration template
 * is refused until filled in, passes {@code config check} once filled in with a PKI made by the
 * packaged {@code pki init}, and the node starts from it and stops cleanly on SIGTERM.
 */
class DebianPackageIT {
  private static final Path TARGET = Path.of("target");
  @TempDir static Path tmp;
  static Path deb;
  static Path root; // the package unpacked

  record Run(int code, String out) {}

  @BeforeAll
  static void unpack() throws Exception {
    try (Stream<Path> s = Files.list(TARGET)) {
      deb = s.filter(p -> p.getFileName().toString().matches("mlagw_.*_all\\.deb"))
          .max(Comparator.comparing(p -> p.toFile().lastModified()))
          .orElseThrow(() -> new AssertionError("no target/mlagw_*_all.deb: mvn package builds it (jdeb)"));
    }
    root = tmp.resolve("root");
    assertEquals(0, run(tmp, "dpkg-deb", "-x", deb.toAbsolutePath().toString(), root.toString()).code());
  }

  @Test
  void controlDataDeclaresTheServicePackage() throws Exception {
    Run info = run(tmp, "dpkg-deb", "-I", deb.toAbsolutePath().toString());
    assertEquals(0, info.code(), info.out());
    Map<String, String> f = fields(run(tmp, "dpkg-deb", "-f", deb.toAbsolutePath().toString()).out());
    assertEquals("mlagw", f.get("Package"));
    assertEquals("all", f.get("Architecture"));
    assertTrue(f.get("Version").matches("\\d+\\.\\d+\\.\\d+.*"), f.get("Version"));
    assertEquals("openjdk-17-jre-headless | java17-runtime-headless, adduser", f.get("Depends"));
    for (String script : List.of("postinst", "prerm", "postrm", "conffiles")) {
      assertTrue(info.out().lines().anyMatch(l -> l.strip().endsWith(script) || l.contains(" " + script + " ")),
          script + " in\n" + info.out());
    }
  }

  @Test
  void contentsAreTheProgramItsUnitAndTheConfigurationTemplates() throws Exception {
    Map<String, String> entries = listing(); // path -> "mode owner [-> target]"
    assertTrue(entries.get("usr/bin/mlagw").startsWith("-rwxr-xr-x root/root"), entries.get("usr/bin/mlagw"));
    assertTrue(entries.containsKey("usr/lib/systemd/system/mlagw.service"));
    assertTrue(entries.containsKey("etc/default/mlagw"));
    for (String f : List.of("gateway.yaml", "participants.yaml", "mappings/languages.yaml")) {
      assertTrue(entries.containsKey("etc/mlagw/" + f), f);
    }
    assertEquals(names(Path.of("routes")), entries.keySet().stream().filter(p -> p.startsWith("etc/mlagw/routes/"))
        .map(p -> p.substring("etc/mlagw/routes/".length())).filter(n -> !n.isEmpty()).collect(Collectors.toSet()),
        "every shipped route file, in /etc/mlagw/routes");
    assertTrue(entries.get("usr/share/mlagw/config").endsWith("-> ../../../etc/mlagw"), entries.get("usr/share/mlagw/config"));
    assertTrue(entries.get("usr/share/mlagw/routes").endsWith("-> ../../../etc/mlagw/routes"));
    assertTrue(entries.containsKey("var/lib/mlagw/") && entries.containsKey("var/log/mlagw/"));
    assertTrue(entries.containsKey("usr/share/doc/mlagw/docs/it-staff.md"));

    // the jar and exactly its runtime dependencies (target/lib), no test or build jars
    Set<String> jars = entries.keySet().stream().filter(p -> p.startsWith("usr/share/mlagw/lib/") && p.endsWith(".jar"))
        .map(p -> p.substring("usr/share/mlagw/lib/".length())).collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>(names(TARGET.resolve("lib")));
    try (Stream<Path> s = Files.list(TARGET)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.matches("mla-gateway-.*\\.jar")).forEach(expected::add);
    }
    assertEquals(expected, jars);
    assertTrue(jars.stream().noneMatch(j -> j.startsWith("junit") || j.startsWith("jazzer")), jars.toString());
    assertTrue(entries.values().stream().allMatch(v -> v.split(" ")[1].equals("root/root")), "owned by root");
  }

  @Test
  void conffilesAreEveryFileUnderEtcAndNothingElse() throws Exception {
    Set<String> conffiles = run(tmp, "dpkg-deb", "-I", deb.toAbsolutePath().toString(), "conffiles").out().lines()
        .map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> underEtc = listing().entrySet().stream()
        .filter(e -> e.getKey().startsWith("etc/") && e.getValue().startsWith("-"))
        .map(e -> "/" + e.getKey()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(underEtc, conffiles);
    assertTrue(conffiles.contains("/etc/mlagw/gateway.yaml") && conffiles.contains("/etc/default/mlagw"));
  }

  /**
   * The maintainer scripts run with /bin/sh, the system commands they call recorded instead of done
   * (this machine's users and folders are not the test's to change).
   */
  @Test
  void maintainerScriptsCreateTheUserAndItsFoldersAndKeepTheData() throws Exception {
    Path control = tmp.resolve("control");
    assertEquals(0, run(tmp, "dpkg-deb", "-e", deb.toAbsolutePath().toString(), control.toString()).code());
    Path bin = Files.createDirectories(tmp.resolve("stub-bin"));
    Path calls = tmp.resolve("calls.txt");
    for (String command : List.of("adduser", "useradd", "install", "chown", "chmod", "systemctl", "rm", "userdel",
        "deluser")) {
      stub(bin, command, "echo \"" + command + " $*\" >> '" + calls + "'");
    }
    stub(bin, "getent", "exit 2"); // no user mlagw yet
    stub(bin, "mlagw", "echo \"MLAGW_CDS=$MLAGW_CDS mlagw $*\" >> '" + calls + "'");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertEquals(0, run(tmp, "sh", "-n", control.resolve(script).toString()).code(), script + " parses");
    }
    assertEquals(0, runScript(control.resolve("postinst"), bin, "configure").code());
    List<String> installed = Files.readAllLines(calls);
    assertTrue(installed.stream().anyMatch(c -> c.matches("adduser --system --group .*mlagw")), installed.toString());
    assertTrue(installed.contains("install -d -o mlagw -g mlagw -m 0750 /var/lib/mlagw /var/log/mlagw"), installed.toString());
    assertTrue(installed.contains("chmod 0750 /etc/mlagw"), installed.toString());
    assertTrue(installed.contains("install -d -m 0755 /var/cache/mlagw"), installed.toString());
    assertTrue(installed.contains("MLAGW_CDS=refresh mlagw "), "the class-data archive is made: " + installed);
    Files.delete(calls);
    assertEquals(0, runScript(control.resolve("postinst"), bin, "triggered").code());
    assertEquals(List.of("install -d -m 0755 /var/cache/mlagw", "MLAGW_CDS=refresh mlagw "), Files.readAllLines(calls),
        "a Java package changed: the archive is remade, nothing else");

    Files.delete(calls);
    Run purge = runScript(control.resolve("postrm"), bin, "purge");
    assertEquals(0, purge.code());
    List<String> purged = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    assertEquals(List.of("rm -rf /var/cache/mlagw"), purged.stream().filter(c -> c.startsWith("rm") || c.contains("del"))
        .toList(), "postrm deletes the class-data cache and nothing else: " + purged);
  }

  @Test
  void theUnitRunsTheNodeAsItsOwnUserHardenedAndStopsWithinItsTimeout() throws Exception {
    Path unit = root.resolve("usr/lib/systemd/system/mlagw.service");
    Map<String, String> d = new LinkedHashMap<>();
    for (String line : Files.readAllLines(unit)) {
      if (line.matches("[A-Za-z]+=.*")) {
        d.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    assertEquals("mlagw", d.get("User"));
    assertEquals("/usr/bin/mlagw run --config /etc/mlagw", d.get("ExecStart"));
    assertEquals("on-failure", d.get("Restart"));
    int timeout = Integer.parseInt(d.get("TimeoutStopSec"));
    assertTrue(timeout > 30 && timeout <= 60, "more than the node's clean stop of at most 30 s: " + timeout);
    assertEquals("yes", d.get("NoNewPrivileges"));
    assertEquals("strict", d.get("ProtectSystem"));
    assertEquals("/var/lib/mlagw /var/log/mlagw", d.get("ReadWritePaths"));
    assertEquals("yes", d.get("PrivateTmp"));
    // systemd's own reading of the unit: every directive known, exposure 2.8 of 10 when written
    Run security = run(tmp, "systemd-analyze", "security", "--offline=true", "--threshold=30", "--root=" + root,
        "mlagw.service");
    assertEquals(0, security.code(), security.out());
    assertTrue(security.out().lines().noneMatch(l -> l.contains("Unknown key") || l.contains("Failed to parse")
        || l.contains("ignoring")), security.out());
  }

  @Test
  void theLaunchersPassTheSameJvmOptions() throws Exception {
    assertEquals(jvmOptions(Path.of("mlagw")), jvmOptions(root.resolve("usr/bin/mlagw")));
  }

  @Test
  void theUnpackedLauncherMakesAndMapsItsClassDataArchive() throws Exception {
    Path mlagw = root.resolve("usr/bin/mlagw");
    Path archive = tmp.resolve("cache/mlagw.jsa");
    Run refresh = run(tmp, "env", "MLAGW_CDS=refresh", "MLAGW_CDS_ARCHIVE=" + archive, mlagw.toString());
    assertEquals(0, refresh.code(), refresh.out());
    assertTrue(Files.isRegularFile(archive), refresh.out());
    // -Xshare:on refuses to start unless the archive is mapped: this start used it
    Run mapped = run(tmp, "env", "MLAGW_CDS_ARCHIVE=" + archive,
        "MLAGW_JAVA_OPTS=-Xmx128m -XX:+UseSerialGC -Xshare:on -Xlog:class+load=info", mlagw.toString(), "--version");
    assertEquals(0, mapped.code(), mapped.out());
    assertTrue(mapped.out().contains("eu.mlagw.cli.Mlagw source: shared objects file"), mapped.out());
  }

  @Test
  void theUnpackedLauncherChecksAndRunsTheFilledInTemplate() throws Exception {
    Path mlagw = root.resolve("usr/bin/mlagw");
    Run help = run(tmp, mlagw.toString(), "--help");
    assertEquals(0, help.code(), help.out());
    assertTrue(help.out().contains("config"), help.out());

    // the template as shipped, found through MLAGW_HOME/config -> /etc/mlagw: refused until filled in
    Run unfilled = run(tmp, mlagw.toString(), "config", "check");
    assertEquals(1, unfilled.code(), unfilled.out());
    assertTrue(unfilled.out().contains("keys/seal.p12, which does not exist"), unfilled.out());

    // filled in as docs/it-staff.md says, with a PKI from the packaged pki init
    Path pki = tmp.resolve("pki");
    Run init = run(tmp, mlagw.toString(), "pki", "init", "--out", pki.toString(), "--participants",
        "AL-PG-TIRANA,RS-HC-BELGRADE", "--gateways", "gw-al,gw-rs", "--key-algorithm", "ec");
    assertEquals(0, init.code(), init.out());
    Path etc = root.resolve("etc/mlagw");
    Path keys = Files.createDirectories(etc.resolve("keys"));
    for (String f : List.of("seal.p12", "seal.pem", "tls.p12", "note.p12")) { // note.p12: the checkpoints' note key
      Files.copy(pki.resolve("gateways/gw-al").resolve(f), keys.resolve(f));
    }
    for (String f : List.of("root-ca.pem", "issuing-ca.pem", "root-ca.crl.pem", "issuing-ca.crl.pem")) {
      Files.copy(pki.resolve("ca").resolve(f), keys.resolve(f));
    }
    Files.copy(pki.resolve("keystore-password.txt"), keys.resolve("keystore-password.txt"));
    copyTree(pki.resolve("participants/AL-PG-TIRANA"), keys.resolve("participants/AL-PG-TIRANA"));
    copyTree(pki.resolve("gateways/gw-rs"), keys.resolve("peers/gw-rs"));
    String gateway = Files.readString(etc.resolve("gateway.yaml")).replace("gw-CHANGE-ME", "gw-al")
        .replace("port: 8443", "port: " + SamplePorts.free()).replace("/var/lib/mlagw", root + "/var/lib/mlagw")
        + "peers:\n  - id: gw-rs\n    url: https://127.0.0.1:" + SamplePorts.free() + "/mlagw/peer\n"
        + "    certificate: keys/peers/gw-rs/tls.pem\n    sealCertificate: keys/peers/gw-rs/seal.pem\n"
        + "cluster:\n  port: " + SamplePorts.free() + "\n";
    Files.writeString(etc.resolve("gateway.yaml"), gateway);
    Files.writeString(etc.resolve("participants.yaml"), Files.readString(etc.resolve("participants.yaml"))
        .replace("XX-CHANGE-ME", "AL-PG-TIRANA") + "  - id: RS-HC-BELGRADE\n    gateway: gw-rs\n"
        + "    sealCertificate: " + pki + "/participants/RS-HC-BELGRADE/seal.pem\n"
        + "    encryptionCertificate: " + pki + "/participants/RS-HC-BELGRADE/encryption.pem\n");
    Run check = run(tmp, mlagw.toString(), "config", "check");
    assertEquals(0, check.code(), check.out());

    // the node from the unpacked package, stopped as systemd stops it (SIGTERM)
    Path log = tmp.resolve("node.log");
    ProcessBuilder pb = new ProcessBuilder(mlagw.toString(), "run", "--config", etc.toString()).directory(tmp.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb);
    pb.environment().put("MLAGW_LOG_FILE", root.resolve("var/log/mlagw/mlagw.log").toString());
    Process node = pb.start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(log).contains("Gateway gw-al running")) {
        if (!node.isAlive() || System.nanoTime() > until) {
          fail("the packaged node did not start; its log:\n" + Files.readString(log));
        }
        Thread.sleep(200);
      }
      assertTrue(Files.exists(root.resolve("var/lib/mlagw/audit.mv.db")), "the audit log is in /var/lib/mlagw");
      long stopping = System.nanoTime();
      node.destroy();
      assertTrue(node.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM:\n" + Files.readString(log));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
      System.out.println("DebianPackageIT: the packaged node stopped " + millis + " ms after SIGTERM, exit "
          + node.exitValue());
      assertTrue(node.exitValue() == 0 || node.exitValue() == 143, "exit 0, or 143 (SuccessExitStatus): "
          + node.exitValue());
    } finally {
      node.destroyForcibly();
    }
  }

  private static Run runScript(Path script, Path stubs, String argument) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), argument).directory(tmp.toFile())
        .redirectErrorStream(true);
    pb.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
    return finish(pb.start(), 30);
  }

  private static void stub(Path bin, String name, String body) throws IOException {
    Path f = Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body + "\n");
    f.toFile().setExecutable(true);
  }

  /** dpkg-deb -c: path (without "./") to "mode owner [-> link target]". */
  private static Map<String, String> listing() throws Exception {
    Run c = run(tmp, "dpkg-deb", "-c", deb.toAbsolutePath().toString());
    assertEquals(0, c.code(), c.out());
    Map<String, String> entries = new LinkedHashMap<>();
    for (String line : c.out().split("\n")) {
      String[] w = line.trim().split("\\s+", 6);
      if (w.length < 6) {
        continue;
      }
      String rest = w[5];
      String path = rest.contains(" -> ") ? rest.substring(0, rest.indexOf(" -> ")) : rest;
      String link = rest.contains(" -> ") ? " " + rest.substring(rest.indexOf(" -> ") + 1) : "";
      entries.put(path.replaceFirst("^\\./", ""), w[0] + " " + w[1] + link);
    }
    return entries;
  }

  private static Map<String, String> fields(String control) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String line : control.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith(" ")) {
        f.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return f;
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static String jvmOptions(Path launcher) throws IOException {
    return Files.readAllLines(launcher).stream().filter(l -> l.startsWith("hazelcast_opens=")).findFirst()
        .orElseThrow(() -> new AssertionError(launcher + " sets no hazelcast_opens"));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static void environment(ProcessBuilder pb) {
    // the JVM running this test is the java the launcher finds first
    String java = ProcessHandle.current().info().command().orElse("java");
    pb.environment().put("PATH", Path.of(java).getParent() + ":" + System.getenv("PATH"));
    pb.environment().remove("MLAGW_HOME");
    pb.environment().remove("MLAGW_KEYSTORE_PASSWORD");
  }

  private static Run run(Path dir, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    environment(pb);
    return finish(pb.start(), 120);
  }

  private static Run finish(Process p, int seconds) throws Exception {
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("still running after " + seconds + " s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
