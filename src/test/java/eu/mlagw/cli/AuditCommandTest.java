package eu.mlagw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventCodec;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.ListAuditStore;
import eu.mlagw.config.ConfigLoader;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.error.ReasonCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's commands as an auditor runs them, against a real PKI and configuration. */
class AuditCommandTest {
  @TempDir static Path home;
  static Path config;
  static GatewayKeys keys;
  static eu.mlagw.config.GatewayConfig gatewayConfig;

  record Run(int code, String out, String err) {}

  static Run mlagw(ListAuditStore store, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(out, true), new PrintWriter(err, true), c -> store, args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void pkiAndConfig() throws Exception {
    Run init = mlagw(null, "pki", "init", "--out", home.resolve("pki").toString(), "--participants",
        "AL-PG-TIRANA,RS-HC-BELGRADE", "--gateways", "gw-al", "--auditors", "ana.auditor", "--key-algorithm", "ec");
    assertEquals(0, init.code(), init.err());
    config = Files.createDirectories(home.resolve("config"));
    CliTest.writeConfig(config, "file: ../pki/keystore-password.txt");
    String gateway = Files.readString(config.resolve("gateway.yaml")).replace("gateway:\n  id: gw-test\n",
        "gateway:\n  id: gw-al\n  sealKeystore: ../pki/gateways/gw-al/seal.p12\n"
            + "  sealCertificate: ../pki/gateways/gw-al/seal.pem\n");
    Files.writeString(config.resolve("gateway.yaml"), gateway + "audit:\n  checkpointIntervalSeconds: 30\n");
    gatewayConfig = new ConfigLoader().load(config);
    keys = new GatewayKeys(gatewayConfig, Map.of());
    assertEquals(30, gatewayConfig.audit().checkpointInterval().toSeconds());
  }

  /** 25 events of exchanges EX-A/B/C, checkpoints at 10 and 20. */
  static ListAuditStore log() throws Exception {
    ListAuditStore store = new ListAuditStore("gw-al");
    AuditLog log = new AuditLog(store, eu.mlagw.audit.GatewayCheckpointKeys.signer(keys, "gw-al"),
        AuditCommand.checkpointVerifier(gatewayConfig, keys), "gw-al", Clock.systemUTC());
    for (int i = 0; i < 25; i++) {
      log.append(AuditRecord.of(i % 5 == 4 ? AuditEventType.EXCHANGE_FAILED : AuditEventType.PACKAGE_SENT,
              "EX-" + (char) ('A' + i % 3))
          .withParties("AL-PG-TIRANA", "RS-HC-BELGRADE").withCaseReferences(List.of("PG-" + (i % 3 == 1 ? 1 : 0)))
          .withReason(i % 5 == 4 ? ReasonCode.PEER_UNREACHABLE : null)
          .withPersons(List.of("Đorđe Marković", "Ђорђе Марковић")).withDetails(Map.of("n", "" + i)));
      if (i == 9 || i == 19) {
        log.checkpoint();
      }
    }
    return store;
  }

  static String[] args(String... a) {
    List<String> all = new java.util.ArrayList<>(List.of(a));
    all.addAll(List.of("--config", config.toString(), "--auditor", "Ana Auditor", "--purpose", "court order 12/2026"));
    return all.toArray(String[]::new);
  }

  static AuditEvent last(ListAuditStore store) {
    return store.read(store.size() - 1, store.size()).get(0);
  }

  @Test
  void verifyPassesAndIsItselfRecorded() throws Exception {
    ListAuditStore store = log();
    Run r = mlagw(store, args("audit", "verify"));
    assertEquals(0, r.code(), r.err());
    assertEquals("OK 25 events and 2 checkpoints verified, the newest covering events 0..19; events 20..24 are not yet "
        + "covered by a signed checkpoint\n", r.out());
    AuditEvent recorded = last(store);
    assertEquals(AuditEventType.AUDIT_VERIFIED, recorded.record().type());
    assertEquals(Map.of("auditor", "Ana Auditor", "purpose", "court order 12/2026", "result", "OK", "events", "25",
        "checkpoints", "2"), recorded.record().details());
  }

  @Test
  void verifyNamesTheFirstBadSequenceAndExitsThree() throws Exception {
    ListAuditStore store = log();
    store.tamper((events, checkpoints) -> events.remove(14));
    Run r = mlagw(store, args("audit", "verify"));
    assertEquals(3, r.code(), r.err());
    assertEquals("TAMPERED first bad sequence 14 EVENT_MISSING: event 14 is missing (the next event is 15): events were "
        + "deleted\n", r.out());
    assertEquals("TAMPERED", last(store).record().details().get("result"));
    assertEquals("14", last(store).record().details().get("firstBadSequence"));
  }

  @Test
  void aRollbackIsCaughtWithTheCheckpointSavedLastTime() throws Exception {
    ListAuditStore store = log();
    Path saved = home.resolve("latest.p7s");
    Run first = mlagw(store, args("audit", "verify", "--save-checkpoint", saved.toString()));
    assertEquals(0, first.code(), first.err());
    store.tamper((events, checkpoints) -> {
      events.subList(12, events.size()).clear();
      checkpoints.remove(1);
    });
    assertEquals(0, mlagw(store, args("audit", "verify")).code(), "without a held checkpoint the rollback is invisible");
    Run r = mlagw(store, args("audit", "verify", "--known-checkpoint", saved.toString()));
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("TAMPERED first bad sequence 13 (one of 13..19) CHECKPOINT_ROLLED_BACK"), r.out());
  }

  @Test
  void whoAndWhyAreRequired() throws Exception {
    ListAuditStore store = log();
    Run r = mlagw(store, "audit", "query", "--config", config.toString(), "--auditor", "Ana");
    assertEquals(2, r.code(), "a missing --purpose is a usage error");
    assertTrue(r.err().startsWith("Missing required option: '--purpose=TEXT'"), r.err());
    assertTrue(r.err().replaceAll("\\s+", " ").contains("Required and recorded (Directive (EU) 2016/680 Art. 25)"),
        "the help follows: " + r.err());
    Run blank = mlagw(store, "audit", "query", "--config", config.toString(), "--auditor", "Ana", "--purpose", " ");
    assertEquals(1, blank.code());
    assertTrue(blank.err().startsWith("ERROR INPUT_INVALID: the purpose of consulting the audit log is not stated; give "
        + "--purpose TEXT"), blank.err());
    assertEquals(25, store.size(), "nothing read, nothing recorded");
  }

  @Test
  void queryFiltersAndRecordsTheFilter() throws Exception {
    ListAuditStore store = log();
    Run r = mlagw(store, args("audit", "query", "--exchange", "EX-B", "--reason", "PEER_UNREACHABLE"));
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(List.of("#4", "#19"), lines.subList(0, 2).stream().map(l -> l.split(" ")[0]).toList(), r.out());
    assertEquals("2 of 26 events match exchange=EX-B reason=PEER_UNREACHABLE", lines.get(2));
    AuditEvent recorded = store.read(25, 26).get(0);
    assertEquals(AuditEventType.AUDIT_QUERIED, recorded.record().type());
    assertEquals("EX-B", recorded.record().exchangeId());
    assertEquals("PEER_UNREACHABLE", recorded.record().details().get("reason"));
    Run person = mlagw(store, args("audit", "query", "--person", "djordje markovic", "--case", "PG-1", "--jsonl"));
    assertEquals(0, person.code(), person.err());
    List<String> json = person.out().lines().toList();
    assertEquals("8 of 27 events match case=PG-1 person=djordje markovic", json.get(json.size() - 1));
    AuditEventCodec.decode(json.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Run cyrillic = mlagw(store, args("audit", "query", "--person", "Марковић", "--from", "2000-01-01", "--type", "package_sent"));
    assertTrue(cyrillic.out().endsWith("20 of 28 events match type=PACKAGE_SENT from=2000-01-01T00:00:00Z "
        + "person=Марковић\n"), cyrillic.out());
  }

  @Test
  void exportWritesJsonLinesAndCsv() throws Exception {
    ListAuditStore store = log();
    Path jsonl = home.resolve("export.jsonl");
    Run r = mlagw(store, args("audit", "export", "--format", "jsonl", "--out", jsonl.toString(), "--exchange", "EX-A"));
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(jsonl);
    assertEquals(10, lines.size(), "9 events of EX-A and the record of this export, which concerns EX-A");
    for (String l : lines) {
      assertEquals("EX-A", AuditEventCodec.decode(l.getBytes(java.nio.charset.StandardCharsets.UTF_8)).record().exchangeId());
    }
    assertEquals(AuditEventType.AUDIT_EXPORTED, last(store).record().type());
    assertEquals("jsonl", last(store).record().details().get("format"));
    Path csv = home.resolve("export.csv");
    assertEquals(0, mlagw(store, args("audit", "export", "--format", "csv", "--out", csv.toString(), "--to", "2999-01-01")).code());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("seq,time,node,gateway,type,exchange,cases,sender,recipient,digest,reason,persons,details", rows.get(0));
    assertEquals(28, rows.size(), "header + 25 events + the records of both exports");
    assertTrue(rows.get(1).startsWith("0,"), rows.get(1));
    assertTrue(rows.get(1).endsWith(",PACKAGE_SENT,EX-A,PG-0,AL-PG-TIRANA,RS-HC-BELGRADE,,,Đorđe Marković; Ђорђе Марковић,n=0"),
        rows.get(1));
    Run again = mlagw(store, args("audit", "export", "--format", "csv", "--out", csv.toString()));
    assertEquals(1, again.code());
    assertTrue(again.err().startsWith("ERROR OUTPUT_EXISTS"), again.err());
    Run xml = mlagw(store, args("audit", "export", "--format", "xml", "--out", home.resolve("x.xml").toString()));
    assertTrue(xml.err().contains("use jsonl, csv or pdf"), xml.err());
  }

  @Test
  void exportWritesASignedPdfReportAndRecordsIt() throws Exception {
    ListAuditStore store = log();
    Path pdf = home.resolve("report-EX-B.pdf");
    Run r = mlagw(store, args("audit", "export", "--format", "pdf", "--out", pdf.toString(), "--exchange", "EX-B"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("exported 9 events matching exchange=EX-B to " + pdf + " (pdf, signed"), r.out());
    assertTrue(r.out().contains("checkpoint of size 26"), r.out()); // 25 events + the record of this export
    AuditEvent recorded = store.read(25, 26).get(0);
    assertEquals(AuditEventType.AUDIT_EXPORTED, recorded.record().type());
    assertEquals("pdf", recorded.record().details().get("format"));
    assertEquals("Ana Auditor", recorded.record().details().get("auditor"));
    assertTrue(Files.size(pdf) > 1000);
    assertTrue(new String(Files.readAllBytes(pdf), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains("/ETSI.CAdES.detached"), "the report carries a PAdES signature");
  }

  @Test
  void proofBundleRoundTripThroughTheCommandLine() throws Exception {
    ListAuditStore store = log();
    Path bundle = home.resolve("EX-C.zip");
    Run r = mlagw(store, args("audit", "proof", "EX-C", "--out", bundle.toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("wrote " + bundle + ": 9 events of exchange EX-C (sequence numbers [2, 5, 8, 11, 14, 17, "
        + "20, 23, 25])"), r.out()); // 25: the record of this very request
    AuditEvent recorded = store.read(25, 26).get(0);
    assertEquals(AuditEventType.AUDIT_EXPORTED, recorded.record().type());
    assertEquals("proof bundle", recorded.record().details().get("export"));
    assertEquals(3, store.checkpoints().size(), "a checkpoint covering the request was signed");

    Run offline = mlagw(null, "audit", "verify-proof", bundle.toString());
    assertEquals(0, offline.code(), offline.err());
    assertTrue(offline.out().startsWith("VALID 9 events of exchange EX-C are included in the log of gw-al.mlagw/audit of 26 events"),
        offline.out());
    assertTrue(offline.out().contains("trust: self-contained"), offline.out());
    Run pinned = mlagw(null, "audit", "verify-proof", bundle.toString(), "--trust",
        home.resolve("pki/ca/root-ca.pem").toString());
    assertEquals(0, pinned.code(), pinned.err());
    assertTrue(pinned.out().contains("trust: the chain ends at the root you gave with --trust"), pinned.out());

    Path broken = home.resolve("broken.zip");
    Files.write(broken, new byte[] {'P', 'K', 3, 4, 0});
    Run bad = mlagw(null, "audit", "verify-proof", broken.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("ERROR INPUT_INVALID: " + broken + " is not a readable proof bundle"), bad.err());
  }

  @Test
  void whenSomethingElseHoldsTheClusterPortTheCommandSaysWhatToDo() throws Exception {
    // something that is not a node of this gateway holds the cluster port: nothing to go through
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Files.writeString(config.resolve("gateway.yaml"), Files.readString(config.resolve("gateway.yaml"))
          .replaceFirst("cluster:\n  port: \\d+\n", "") + "cluster:\n  interface: 127.0.0.1\n  port: " + busy.getLocalPort() + "\n");
      StringWriter err = new StringWriter();
      int code = Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args("audit", "verify"));
      assertEquals(1, code);
      assertTrue(err.toString().startsWith("ERROR AUDIT_STORE_UNAVAILABLE: cannot reach the running node of gateway "
          + "gw-al: 127.0.0.1:" + busy.getLocalPort() + " (cluster.interface, cluster.port in gateway.yaml) accepts "
          + "connections, but no member of the gateway's cluster mlagw-gw-al answered there"), err.toString());
      assertTrue(err.toString().contains("Give the configuration the node runs with (--config), or stop the program "
          + "that holds the port"), err.toString());
    }
  }

  @Test
  void pkiInitMakesAnAuditorCertificateWithTheAuditorKeyPurpose() throws Exception {
    java.security.cert.X509Certificate cert = eu.mlagw.crypto.KeyStoreFiles.readCertificate(
        home.resolve("pki/auditors/ana.auditor/auditor.pem"));
    assertTrue(cert.getSubjectX500Principal().getName().contains("CN=ana.auditor"), cert.getSubjectX500Principal().getName());
    assertTrue(eu.mlagw.crypto.CertificateRole.isAuditor(cert));
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
    assertTrue(Files.exists(home.resolve("pki/auditors/ana.auditor/auditor.p12")));
    // the .pem is what curl --cert presents: the certificate and its issuing CA, so the server can build the path
    String pem = Files.readString(home.resolve("pki/auditors/ana.auditor/auditor.pem"));
    assertEquals(2, pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1, pem);
    assertTrue(pem.endsWith(eu.mlagw.crypto.KeyStoreFiles.pem(eu.mlagw.crypto.KeyStoreFiles.readCertificate(
        home.resolve("pki/ca/issuing-ca.pem")))), "the issuing CA follows the certificate");
    keys.trustPolicy().validate(cert, List.of(), java.time.Instant.now(), java.time.Instant.now());
    assertTrue(!eu.mlagw.crypto.CertificateRole.isAuditor(eu.mlagw.crypto.KeyStoreFiles.readCertificate(
        home.resolve("pki/gateways/gw-al/tls.pem"))), "a gateway's TLS certificate is not an auditor's");
    Run bad = mlagw(null, "pki", "init", "--out", home.resolve("pki-bad").toString(), "--participants", "AL-PG-X",
        "--auditors", "CN=evil,O=x");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("auditor name 'CN=evil' is not valid"), bad.err());
  }

  @Test
  void theAuditApiIsConfiguredUnderAuditApiListenAndOffWhenAbsent() throws Exception {
    assertTrue(gatewayConfig.auditApi().isEmpty(), "off when absent");
    Path dir = Files.createDirectories(home.resolve("api-config"));
    Files.writeString(dir.resolve("participants.yaml"), Files.readString(config.resolve("participants.yaml")));
    String plain = Files.readString(config.resolve("gateway.yaml"));
    String withTls = plain.replace("  sealKeystore:", "  tlsKeystore: ../pki/gateways/gw-al/tls.p12\n  sealKeystore:");
    Files.writeString(dir.resolve("gateway.yaml"), withTls + "auditApi:\n  listen:\n    host: 127.0.0.1\n    port: 8444\n");
    assertEquals(new eu.mlagw.config.AuditApiSettings("127.0.0.1", 8444), new ConfigLoader().load(dir).auditApi().get());
    Files.writeString(dir.resolve("gateway.yaml"), withTls + "auditApi:\n  listen:\n    port: 70000\n");
    eu.mlagw.error.GatewayException e = org.junit.jupiter.api.Assertions.assertThrows(
        eu.mlagw.error.GatewayException.class, () -> new ConfigLoader().load(dir));
    assertTrue(e.getMessage().contains("auditApi.listen.port is '70000'; give the TCP port"), e.getMessage());
    Files.writeString(dir.resolve("gateway.yaml"), plain + "auditApi:\n  listen:\n    port: 8444\n");
    e = org.junit.jupiter.api.Assertions.assertThrows(
        eu.mlagw.error.GatewayException.class, () -> new ConfigLoader().load(dir));
    assertTrue(e.getMessage().contains("gateway.tlsKeystore is missing; the audit API serves HTTPS"), e.getMessage());
  }

  @Test
  void aBadCheckpointIntervalIsRefusedWithTheAllowedRange() throws Exception {
    Path bad = Files.createDirectories(home.resolve("bad-config"));
    Files.writeString(bad.resolve("participants.yaml"), Files.readString(config.resolve("participants.yaml")));
    Files.writeString(bad.resolve("gateway.yaml"), Files.readString(config.resolve("gateway.yaml"))
        .replace("checkpointIntervalSeconds: 30", "checkpointIntervalSeconds: 0"));
    eu.mlagw.error.GatewayException e = org.junit.jupiter.api.Assertions.assertThrows(
        eu.mlagw.error.GatewayException.class, () -> new ConfigLoader().load(bad));
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().contains("audit.checkpointIntervalSeconds is '0'; allowed: 1 to 86400"), e.getMessage());
    Files.writeString(bad.resolve("gateway.yaml"), Files.readString(config.resolve("gateway.yaml"))
        .replace("audit:\n  checkpointIntervalSeconds: 30\n", ""));
    assertEquals(60, new ConfigLoader().load(bad).audit().checkpointInterval().toSeconds(), "the default");
  }

  @Test
  void theNoteKeyIsMadeByPkiInitPrintedByAuditNoteKeyAndPinsABundleWithAConsistencyProof() throws Exception {
    String vkey = Files.readString(home.resolve("pki/gateways/gw-al/note.vkey")).strip();
    assertTrue(vkey.startsWith("gw-al.mlagw/audit+"), vkey);
    Run printed = mlagw(null, "audit", "note-key", "--config", config.toString());
    assertEquals(0, printed.code(), printed.err());
    assertEquals(vkey, printed.out().strip());

    ListAuditStore store = log();
    Path first = home.resolve("first.zip");
    assertEquals(0, mlagw(store, args("audit", "proof", "EX-A", "--out", first.toString())).code());
    Path held = home.resolve("held.txt");
    Files.write(held, ProofBundleFiles.entry(first, "checkpoint.txt"));
    store.append(AuditRecord.of(AuditEventType.PACKAGE_SENT, "EX-A"), java.time.Instant.now());
    Path second = home.resolve("second.zip");
    Run r = mlagw(store, args("audit", "proof", "EX-A", "--out", second.toString(), "--since-checkpoint", held.toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("with a consistency proof from the checkpoint you hold (size 26) to it"), r.out());

    Run checked = mlagw(null, "audit", "verify-proof", second.toString(), "--note-key", vkey, "--since-checkpoint",
        held.toString());
    assertEquals(0, checked.code(), checked.err());
    assertTrue(checked.out().contains("note signature: valid, key " + vkey + " (the key you gave with --note-key)"),
        checked.out());
    assertTrue(checked.out().contains("consistent: the log extends the checkpoint of size 26, root "), checked.out());

    String otherKey = eu.mlagw.crypto.NoteSigner.generate("gw-al.mlagw/audit", new java.security.SecureRandom())
        .verifierKey().toString();
    Run wrongKey = mlagw(null, "audit", "verify-proof", second.toString(), "--note-key", otherKey);
    assertEquals(AuditCommand.TAMPERED, wrongKey.code(), wrongKey.out());
    assertTrue(wrongKey.out().contains("not the note key you gave"), wrongKey.out());
    Run noNote = mlagw(null, "audit", "verify-proof", second.toString(), "--note-key", "not-a-key");
    assertEquals(1, noNote.code());
    assertTrue(noNote.err().startsWith("ERROR INPUT_INVALID: --note-key: a note verifier key is NAME+KEYID+KEY"),
        noNote.err());
  }

  /** Reads one entry of a bundle. */
  static final class ProofBundleFiles {
    static byte[] entry(Path zip, String name) throws Exception {
      try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
        return z.getInputStream(z.getEntry(name)).readAllBytes();
      }
    }
  }
}
