package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.hazelcast.AuditDatabase;
import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose audit store no longer matches its newest signed checkpoint refuses to start (reason
 * AUDIT_STORE_TAMPERED, {@code mlagw run} exit code 3) instead of serving on a tampered log.
 */
class TamperedAuditStoreStartTest {
  @TempDir Path pki;
  @TempDir Path home;

  @Test
  void aNodeStartsOnItsOwnStoreAndRefusesToStartOnceARowWasAlteredOrDeleted() throws Exception {
    GatewayNodeTest.makePki(pki);
    GatewayNodeTest.writeConfig(home, pki);
    GatewayConfig config = new ConfigLoader().load(home.resolve("config"));
    try (GatewayNode node = new GatewayNode(config, Map.of(), Path.of("routes"), Clock.systemUTC())) {
      node.start();
      for (int i = 0; i < 5; i++) {
        node.auditLog().append(AuditRecord.of(AuditEventType.PACKAGE_SENT, "EX-" + i));
      }
      node.auditLog().checkpoint();
    }
    try (GatewayNode node = new GatewayNode(config, Map.of(), Path.of("routes"), Clock.systemUTC())) {
      node.start(); // untouched: starts again
    }

    Path h2 = config.auditStore().h2File();
    sql(h2, "UPDATE audit_events SET bytes = REPLACE(bytes, CAST('EX-3' AS BYTEA), CAST('EX-7' AS BYTEA)) WHERE seq = 4");
    GatewayException altered = assertThrows(GatewayException.class, () -> {
      try (GatewayNode node = new GatewayNode(config, Map.of(), Path.of("routes"), Clock.systemUTC())) {
        node.start();
      }
    });
    assertEquals(ReasonCode.AUDIT_STORE_TAMPERED, altered.reason());
    assertTrue(altered.getMessage().startsWith("this node will not start: its audit store does not match the newest "
        + "signed checkpoint (") && altered.getMessage().contains("no longer hash to the root")
        && altered.getMessage().contains("Run mlagw audit verify"), altered.getMessage());

    sql(h2, "DELETE FROM audit_events WHERE seq = 2");
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", "--config",
        home.resolve("config").toString(), "--routes", Path.of("routes").toAbsolutePath().toString());
    assertEquals(3, code, err.toString());
    assertTrue(err.toString().startsWith("ERROR AUDIT_STORE_TAMPERED: this node will not start")
        && err.toString().contains("EVENT_MISSING at 2"), err.toString());
  }

  private static void sql(Path h2, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(AuditDatabase.h2Url(h2), "mlagw", "");
         Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate(statement));
    }
  }
}
