package eu.mlagw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster: and audit: sections of gateway.yaml: defaults and every refusal. */
class ClusterSettingsTest {
  @TempDir Path dir;

  @Test
  void theShippedConfigurationGetsASingleEmbeddedMemberAndAnH2FileUnderTheConfigFolder() throws Exception {
    GatewayConfig c = new ConfigLoader().load(Path.of("config"));
    assertEquals(List.of(), c.cluster().members());
    assertEquals(5701, c.cluster().port());
    assertEquals("127.0.0.1", c.cluster().interfaceAddress());
    assertEquals(1, c.cluster().backupCount());
    assertEquals(AuditStoreConfig.Backend.H2, c.auditStore().backend());
    assertEquals(Path.of("config").toAbsolutePath().normalize().resolve("data/audit"), c.auditStore().h2File());
  }

  @Test
  void aClusterOnPostgresqlIsReadWithThePasswordFromTheEnvironment() throws Exception {
    GatewayConfig c = load("""
        cluster:
          nodeName: node-2
          port: 5702
          interface: 10.0.0.3
          members: [10.0.0.2:5701, 10.0.0.4:5701]
          backupCount: 2
        audit:
          store: postgresql
          jdbcUrl: jdbc:postgresql://db:5432/mlagw
          jdbcUser: mlagw
          jdbcPassword: {env: MLAGW_DB_PASSWORD}
        """);
    assertEquals(new ClusterConfig("node-2", 5702, "10.0.0.3", List.of("10.0.0.2:5701", "10.0.0.4:5701"), 2), c.cluster());
    assertEquals(AuditStoreConfig.Backend.POSTGRESQL, c.auditStore().backend());
    assertEquals("jdbc:postgresql://db:5432/mlagw", c.auditStore().jdbcUrl());
    assertEquals("pw", new String(c.auditStore().jdbcPassword().orElseThrow().resolve(Map.of("MLAGW_DB_PASSWORD", "pw"))));
  }

  @Test
  void anH2FileIsRelativeToTheConfigFolder() throws Exception {
    GatewayConfig c = load("audit:\n  store: h2\n  h2File: ../state/audit-log\n");
    assertEquals(dir.resolve("../state/audit-log").toAbsolutePath().normalize(), c.auditStore().h2File());
  }

  @Test
  void refusalsNameTheKeyAndTheFix() throws Exception {
    refused("cluster:\n  backupCount: 0\n", "cluster.backupCount is '0'; allowed: 1 to 6");
    refused("cluster:\n  port: 70000\n", "cluster.port is '70000'; give the TCP port (1..65535)");
    refused("cluster:\n  members: [just-a-host]\n", "cluster.members[0] is 'just-a-host'; expected host:port");
    refused("cluster:\n  joinMulticast: true\n", "cluster.joinMulticast is not a known setting; allowed here: "
        + "backupCount, interface, members, nodeName, port");
    refused("cluster:\n  members: [10.0.0.2:5701]\n", "audit.store is h2 (the default) but cluster.members lists other nodes");
    refused("audit:\n  store: mysql\n", "audit.store is 'mysql'; allowed: h2 (default, a file under the config folder) "
        + "or postgresql");
    refused("audit:\n  store: postgresql\n  jdbcUrl: jdbc:postgresql://db/mlagw\n  jdbcUser: mlagw\n"
        + "  jdbcPassword: s3cret\n", "audit.jdbcPassword is missing or not a mapping; give jdbcPassword.env");
    refused("audit:\n  store: postgresql\n  jdbcUrl: jdbc:mysql://db/mlagw\n  jdbcUser: mlagw\n"
        + "  jdbcPassword: {env: X}\n", "audit.jdbcUrl is 'jdbc:mysql://db/mlagw'; give the PostgreSQL database as");
    refused("audit:\n  store: postgresql\n  jdbcUrl: jdbc:postgresql://db/mlagw\n  jdbcPassword: {env: X}\n",
        "audit.jdbcUser is missing");
    refused("audit:\n  store: h2\n  jdbcUrl: jdbc:postgresql://db/mlagw\n", "audit.jdbcUrl is set but audit.store is h2");
    refused("audit:\n  dbPassword: s3cret\n", "audit.dbPassword holds a secret, and secrets never go into YAML");
  }

  private void refused(String yaml, String expected) throws Exception {
    GatewayException e = assertThrows(GatewayException.class, () -> load(yaml), yaml);
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().startsWith(dir.resolve("gateway.yaml").toAbsolutePath().normalize() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  private GatewayConfig load(String extra) throws Exception {
    String samples = Path.of("certs-sample").toAbsolutePath().normalize().toString();
    Files.writeString(dir.resolve("gateway.yaml"), Files.readString(Path.of("config/gateway.yaml"))
        .replace("../certs-sample", samples).replace("../demo/drop", "drop") + extra);
    Files.writeString(dir.resolve("participants.yaml"), Files.readString(Path.of("config/participants.yaml"))
        .replace("../certs-sample", samples));
    return new ConfigLoader().load(dir);
  }
}
