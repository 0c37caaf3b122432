package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import eu.mlagw.config.ConfigLoader;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.MappingsCheck;
import eu.mlagw.routing.GatewayNode;
import eu.mlagw.testing.TwoGatewayHomes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mlagw config check} refuses what {@code mlagw run} refuses, with the same reason code:
 * one row per way a node start fails on a bad configuration. Each row breaks a copy of a working
 * gateway configuration (gw-al of {@link TwoGatewayHomes}: listens, one peer, audit store, drop
 * folders) and its routes; then {@code config check} must exit 1 printing {@code ERROR CODE:} and an
 * ERROR line with that code, and a node start — what {@code mlagw run} does: load the configuration,
 * construct the node, start it — must throw a GatewayException with that code.
 *
 * <p>A node start can also fail for reasons that are not the configuration's: the audit store
 * tampered with (AUDIT_STORE_TAMPERED, {@code TamperedAuditStoreStartTest}), a port or the audit
 * database in use by another process (CONFIG_INVALID / IO_ERROR at the moment of the start).
 */
class ConfigCheckParityTest {
  /** The reason codes a node start refuses a bad configuration with; each has rows below. */
  static final Set<ReasonCode> START_REFUSALS = Set.of(ReasonCode.CONFIG_INVALID, ReasonCode.KEYSTORE_UNREADABLE,
      ReasonCode.KEY_USAGE);

  @TempDir static Path home;
  static TwoGatewayHomes homes;
  static Path pki;

  @BeforeAll
  static void makeGateways() throws IOException {
    homes = TwoGatewayHomes.create(home, null, null, "");
    pki = home.resolve("pki");
  }

  /** How a row breaks the configuration folder {@code config} or the routes folder {@code routes}. */
  @FunctionalInterface
  interface Breakage {
    void apply(Path config, Path routes) throws IOException;
  }

  static Breakage gatewayYaml(String regex, String replacement) {
    return (config, routes) -> replaceIn(config.resolve("gateway.yaml"), regex, replacement);
  }

  static void replaceIn(Path file, String regex, String replacement) throws IOException {
    String before = Files.readString(file);
    String after = before.replaceAll(regex, replacement);
    assertTrue(!after.equals(before), "the row changes " + file + ": " + regex);
    Files.writeString(file, after);
  }

  static Arguments row(String name, ReasonCode reason, Breakage breakage) {
    return Arguments.of(name, reason, breakage);
  }

  static Stream<Arguments> startRefusals() {
    String seal = "(?m)^  sealKeystore: .*$";
    String tls = "(?m)^  tlsKeystore: .*$";
    return Stream.of(
        row("gateway.yaml is not valid YAML", ReasonCode.CONFIG_INVALID, gatewayYaml("(?m)^gateway:$", "gateway: [")),
        row("participants.yaml is not valid YAML", ReasonCode.CONFIG_INVALID,
            (config, routes) -> replaceIn(config.resolve("participants.yaml"), "(?m)^participants:$", "participants: {")),
        row("a trust anchor file is missing", ReasonCode.CONFIG_INVALID,
            gatewayYaml("anchors: \\[[^]]*]", "anchors: [" + pki.resolve("ca/no-such-root.pem") + "]")),
        row("the drop-folder root is missing", ReasonCode.CONFIG_INVALID,
            gatewayYaml("(?m)^dropFolders:\\n  root: .*\\n", "dropFolders:\n")),
        row("the gateway seal is missing", ReasonCode.CONFIG_INVALID,
            gatewayYaml("(?m)^  seal(Keystore|Certificate): .*\\n", "")),
        row("the gateway seal keystore is another gateway's", ReasonCode.KEYSTORE_UNREADABLE,
            gatewayYaml(seal, "  sealKeystore: " + pki.resolve("gateways/gw-rs/seal.p12"))),
        row("the gateway seal keystore file is missing", ReasonCode.CONFIG_INVALID,
            gatewayYaml(seal, "  sealKeystore: " + pki.resolve("gateways/gw-al/no-such-seal.p12"))),
        row("the keystore password is wrong", ReasonCode.KEYSTORE_UNREADABLE, (config, routes) -> {
          Files.writeString(config.resolve("wrong-password.txt"), "not-the-password\n");
          replaceIn(config.resolve("gateway.yaml"), "(?m)^  file: .*$", "  file: wrong-password.txt");
        }),
        row("the TLS keystore is missing", ReasonCode.CONFIG_INVALID, gatewayYaml(tls + "\\n", "")),
        row("the TLS keystore file is missing", ReasonCode.CONFIG_INVALID,
            gatewayYaml(tls, "  tlsKeystore: " + pki.resolve("gateways/gw-al/no-such-tls.p12"))),
        row("the TLS keystore is a participant's seal (emailProtection)", ReasonCode.KEY_USAGE,
            gatewayYaml(tls, "  tlsKeystore: " + pki.resolve("participants/AL-PG-TIRANA/seal.p12"))),
        row("the node listens but has no peer", ReasonCode.CONFIG_INVALID, (config, routes) -> {
          replaceIn(config.resolve("gateway.yaml"), "(?ms)^peers:\\n.*", "");
          replaceIn(config.resolve("participants.yaml"), "(?ms)^  - id: RS-HC-BELGRADE\\n.*", "");
        }),
        row("a peer's certificate file is missing", ReasonCode.CONFIG_INVALID,
            gatewayYaml("(?m)^    certificate: .*$", "    certificate: " + pki.resolve("gateways/gw-rs/no-such-tls.pem"))),
        row("a route file of the shipped set is deleted", ReasonCode.CONFIG_INVALID,
            (config, routes) -> Files.delete(routes.resolve("record-retrievals.camel.yaml"))),
        row("a route file is not valid YAML", ReasonCode.CONFIG_INVALID,
            (config, routes) -> replaceIn(routes.resolve("send-to-peer.camel.yaml"), "(?m)^      steps:$",
                "      steps: [")),
        row("a route calls a bean the node does not provide", ReasonCode.CONFIG_INVALID,
            (config, routes) -> replaceIn(routes.resolve("send-to-peer.camel.yaml"), "ref: peerSender", "ref: archiveWriter")),
        row("mappings/ is broken", ReasonCode.CONFIG_INVALID, (config, routes) -> {
          copyTree(Path.of("config/mappings"), config.resolve("mappings"));
          Files.writeString(config.resolve("mappings/languages.yaml"), "languages: [sq, sr\n");
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("startRefusals")
  void configCheckFailsWithTheReasonCodeRunRefusesWith(String name, ReasonCode reason, Breakage breakage)
      throws Exception {
    Path dir = Files.createTempDirectory(home, "case");
    Path config = dir.resolve("config");
    Path routes = dir.resolve("routes");
    copyTree(homes.config(TwoGatewayHomes.GW_AL), config);
    copyTree(Path.of("routes"), routes);
    replaceIn(config.resolve("gateway.yaml"), "(?m)^(  root: ).*$", "$1" + dir.resolve("drop").toString()
        .replace("\\", "\\\\"));
    breakage.apply(config, routes);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Mlagw.run(new PrintWriter(out, true), new PrintWriter(err, true), "config", "check", "--config",
        config.toString(), "--routes", routes.toString());
    String report = out + "\n" + err;
    assertEquals(1, exit, name + ": config check must fail\n" + report);
    assertTrue(err.toString().startsWith("ERROR " + reason + ":"), name + ": config check's reason code\n" + report);
    assertTrue(out.toString().isEmpty() || out.toString().lines().anyMatch(l -> l.startsWith("ERROR") && l.contains(
        reason.name())), name + ": an ERROR line with the reason code\n" + report);

    GatewayException refusal = null;
    try (GatewayNode node = new GatewayNode(new ConfigLoader().load(config), Map.of(), routes,
        Clock.systemUTC())) {
      node.start();
      fail(name + ": the node started although config check refused it\n" + report);
    } catch (GatewayException e) {
      refusal = e;
    }
    assertEquals(reason, refusal.reason(), name + ": the node's refusal: " + refusal + "\ncheck said:\n" + report);
  }

  @Test
  void everyStartRefusalCodeHasARow() {
    Set<ReasonCode> covered = new TreeSet<>();
    startRefusals().forEach(a -> covered.add((ReasonCode) a.get()[1]));
    assertEquals(new TreeSet<>(START_REFUSALS), covered);
  }

  @Test
  void yamlErrorsNameFileLineAndColumn() throws Exception {
    Path config = Files.createTempDirectory(home, "yaml").resolve("config");
    copyTree(homes.config(TwoGatewayHomes.GW_AL), config);
    replaceIn(config.resolve("gateway.yaml"), "(?m)^gateway:$", "gateway: [");
    StringWriter err = new StringWriter();
    Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "config", "check", "--config",
        config.toString());
    assertTrue(err.toString().matches("(?s)ERROR CONFIG_INVALID: not valid YAML: .*gateway\\.yaml:\\d+:\\d+: .+"),
        err.toString());

    Path routes = Files.createTempDirectory(home, "routes");
    copyTree(Path.of("routes"), routes);
    replaceIn(routes.resolve("send-to-peer.camel.yaml"), "(?m)^      steps:$", "      steps: [");
    StringWriter out = new StringWriter();
    Mlagw.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "config", "check", "--config",
        homes.config(TwoGatewayHomes.GW_AL).toString(), "--routes", routes.toString());
    assertTrue(out.toString().matches("(?s).*ERROR   routes +CONFIG_INVALID: does not parse: \\S*send-to-peer\\.camel\\.yaml:\\d+:\\d+: "
        + "while parsing a flow .*"), out.toString());
  }

  @Test
  void bothGatewayKeystoresAreListed() {
    StringWriter out = new StringWriter();
    int exit = Mlagw.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "config", "check", "--config",
        homes.config(TwoGatewayHomes.GW_AL).toString(), "--routes", "routes");
    assertEquals(0, exit, out.toString());
    assertTrue(out.toString().contains("gateway.sealKeystore " + pki.toAbsolutePath().normalize()
        .resolve("gateways/gw-al/seal.p12") + " opens and holds the key of gateway.sealCertificate"), out.toString());
    assertTrue(out.toString().contains("gateway.tlsKeystore " + pki.toAbsolutePath().normalize()
        .resolve("gateways/gw-al/tls.p12") + " opens: TLS certificate"), out.toString());
  }

  /** A missing mappings/: the node falls back to the shipped mappings (INFO) and the check says NOTE; without them both refuse. */
  @Test
  void aMissingMappingsFolderIsTreatedAlikeByCheckAndNode() throws Exception {
    eu.mlagw.config.GatewayConfig config = new ConfigLoader().load(homes.config(TwoGatewayHomes.GW_AL));
    Map<String, String> distribution = Map.of("MLAGW_HOME", Path.of("").toAbsolutePath().toString());
    Mappings.Source shipped = Mappings.sourceFor(config.directory(), distribution);
    assertTrue(shipped.shipped());
    Mappings.load(shipped.configDir()); // what the node loads
    List<MappingsCheck.Line> lines = MappingsCheck.run(config, distribution);
    assertTrue(lines.get(0).severity().equals("NOTE") && lines.get(0).message().contains("a node uses the mappings "
        + "shipped in"), lines.toString());
    assertTrue(lines.stream().noneMatch(MappingsCheck.Line::isError), lines.toString());

    Map<String, String> none = Map.of("MLAGW_HOME", home.resolve("no-distribution").toString());
    Mappings.Source own = Mappings.sourceFor(config.directory(), none);
    try {
      Mappings.load(own.configDir());
      fail("the node refuses without mappings");
    } catch (GatewayException e) {
      assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    }
    List<MappingsCheck.Line> refused = MappingsCheck.run(config, none);
    assertTrue(refused.get(0).isError() && refused.get(0).message().startsWith("CONFIG_INVALID: ")
        && refused.get(0).message().contains("mlagw run refuses to start"), refused.toString());
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
