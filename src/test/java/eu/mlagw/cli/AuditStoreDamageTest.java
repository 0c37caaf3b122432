package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditStore;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.hazelcast.AuditDatabase;
import eu.mlagw.audit.hazelcast.ClusteredAuditStores;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlagw audit verify} against a real H2 audit store damaged behind the gateway's back with
 * JDBC: each kind of damage is a finding with its own code and exit code 3, never an internal error.
 * The log: 25 events, checkpoints signed at 10 and 20.
 */
class AuditStoreDamageTest {
  @TempDir static Path home;
  static Path config;
  static Path database; // the H2 file name without .mv.db
  static Path pristine;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void gatewayWithALog() throws Exception {
    AuditCommandTest.Run init = AuditCommandTest.mlagw(null, "pki", "init", "--out", home.resolve("pki").toString(),
        "--participants", "AL-PG-TIRANA,RS-HC-BELGRADE", "--gateways", "gw-al", "--auditors", "ana.auditor",
        "--key-algorithm", "ec");
    assertEquals(0, init.code(), init.err());
    config = Files.createDirectories(home.resolve("config"));
    CliTest.writeConfig(config, "file: ../pki/keystore-password.txt");
    String gateway = Files.readString(config.resolve("gateway.yaml")).replace("gateway:\n  id: gw-test\n",
        "gateway:\n  id: gw-al\n  sealKeystore: ../pki/gateways/gw-al/seal.p12\n"
            + "  sealCertificate: ../pki/gateways/gw-al/seal.pem\n");
    Files.writeString(config.resolve("gateway.yaml"), gateway);
    eu.mlagw.config.GatewayConfig gatewayConfig = new ConfigLoader().load(config);
    GatewayKeys keys = new GatewayKeys(gatewayConfig, Map.of());
    database = gatewayConfig.auditStore().h2File();
    try (AuditStore store = new ClusteredAuditStores().open(gatewayConfig)) {
      AuditLog log = new AuditLog(store, eu.mlagw.audit.GatewayCheckpointKeys.signer(keys, "gw-al"),
          AuditCommand.checkpointVerifier(gatewayConfig, keys), "gw-al", Clock.systemUTC());
      for (int i = 0; i < 25; i++) {
        log.append(AuditRecord.of(AuditEventType.PACKAGE_SENT, "EX-" + i).withParties("AL-PG-TIRANA", "RS-HC-BELGRADE"));
        if (i == 9 || i == 19) {
          log.checkpoint();
        }
      }
    }
    pristine = Files.copy(h2(), home.resolve("pristine.mv.db"));
  }

  @BeforeEach
  void restoreTheUndamagedStore() throws Exception {
    Files.copy(pristine, h2(), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theUndamagedStoreVerifies() {
    Run r = verify();
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("OK 25 events and 2 checkpoints verified"), r.out());
  }

  @Test
  void aDeletedEventRowIsEventMissing() throws Exception {
    sql("DELETE FROM audit_events WHERE seq = 5");
    assertFinding(verify(), "EVENT_MISSING", "first bad sequence 5 ");
  }

  @Test
  void deletedLastEventRowsCoveredByACheckpointAreLogTruncated() throws Exception {
    sql("DELETE FROM audit_events WHERE seq >= 15");
    assertFinding(verify(), "LOG_TRUNCATED", "covers 20");
  }

  @Test
  void anAlteredEventRowIsRootMismatch() throws Exception {
    sql("UPDATE audit_events SET bytes = REPLACE(bytes, CAST('EX-3' AS BYTEA), CAST('EX-9' AS BYTEA)) WHERE seq = 3");
    assertFinding(verify(), "ROOT_MISMATCH", "do not hash to the root");
  }

  @Test
  void anUndecodableEventRowIsEventUnreadable() throws Exception {
    update("UPDATE audit_events SET bytes = ? WHERE seq = 7", "{\"v\":1,\"garbage\":true}");
    assertFinding(verify(), "EVENT_UNREADABLE", "first bad sequence 7 ");
  }

  @Test
  void aRowHoldingAnotherEventIsEventMisplaced() throws Exception {
    sql("UPDATE audit_events SET bytes = (SELECT bytes FROM audit_events WHERE seq = 2) WHERE seq = 12");
    assertFinding(verify(), "EVENT_MISPLACED", "first bad sequence 12 ");
  }

  @Test
  void anInsertedRowWithADuplicateSequenceIsEventMisplaced() throws Exception {
    sql("INSERT INTO audit_events (seq, bytes) SELECT 25, bytes FROM audit_events WHERE seq = 24");
    assertFinding(verify(), "EVENT_MISPLACED", "first bad sequence 25 ");
  }

  @Test
  void aDeletedCheckpointRowIsCheckpointMissing() throws Exception {
    sql("DELETE FROM audit_checkpoints WHERE idx = 0");
    assertFinding(verify(), "CHECKPOINT_MISSING", "no entry at position 0");
  }

  @Test
  void anAlteredCheckpointRowIsCheckpointInvalid() throws Exception {
    update("UPDATE audit_checkpoints SET bytes = ? WHERE idx = 1", "not a signed checkpoint");
    assertFinding(verify(), "CHECKPOINT_INVALID", "checkpoint #2 of the store is not valid");
  }

  @Test
  void checkpointRowsSwappedAreCheckpointRolledBack() throws Exception {
    sql("UPDATE audit_checkpoints SET idx = 9 WHERE idx = 0");
    sql("UPDATE audit_checkpoints SET idx = 0 WHERE idx = 1");
    sql("UPDATE audit_checkpoints SET idx = 1 WHERE idx = 9");
    assertFinding(verify(), "CHECKPOINT_ROLLED_BACK", "goes back behind the one before it");
  }

  private static void assertFinding(Run r, String failure, String detail) {
    assertEquals(AuditCommand.TAMPERED, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("TAMPERED ") && r.out().contains(" " + failure + ": ") && r.out().contains(detail),
        r.out());
    assertTrue(!r.err().contains("INTERNAL"), r.err());
  }

  private static Run verify() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(out, true), new PrintWriter(err, true), "audit", "verify", "--config",
        config.toString(), "--auditor", "Ana Auditor", "--purpose", "store damage test");
    return new Run(code, out.toString(), err.toString());
  }

  private static Path h2() {
    return Path.of(database + ".mv.db");
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(AuditDatabase.h2Url(database), "mlagw", "");
         Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static void update(String statement, String bytes) throws Exception {
    try (Connection c = DriverManager.getConnection(AuditDatabase.h2Url(database), "mlagw", "");
         PreparedStatement s = c.prepareStatement(statement)) {
      s.setBytes(1, bytes.getBytes(StandardCharsets.UTF_8));
      assertEquals(1, s.executeUpdate());
    }
  }
}
