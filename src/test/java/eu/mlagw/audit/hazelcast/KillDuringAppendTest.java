package eu.mlagw.audit.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.AuditLogVerifier;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.VerificationResult;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.testing.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a node while it appends audit events from many threads: every append that returned
 * (its sequence number was printed) is still in the log after a restart, at that sequence number, no
 * sequence number is given twice, and the log verifies against the checkpoints signed between kills.
 */
class KillDuringAppendTest {
  private static final String GATEWAY = "gw-test";
  private static final TestPki PKI = new TestPki("KillAudit");
  private static final Credential SEAL = PKI.gatewaySeal(GATEWAY, KeyKind.EC_P256,
      TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.plus(Duration.ofDays(365)));
  @TempDir Path dir;

  @Test
  void everyAcknowledgedAppendSurvivesKillNineAndNoSequenceIsReused() throws Exception {
    Path h2 = dir.resolve("audit");
    Random random = new Random();
    Map<Long, String> acknowledged = new HashMap<>();
    CheckpointVerifier checkpoints = new CheckpointVerifier(PKI.trustPolicy(), List.of(SEAL.certificate()),
        eu.mlagw.testing.TestNoteKeys.of(GATEWAY).verifierKey());
    for (int round = 0; round < 4; round++) {
      Process node = start(h2, round, 16);
      int wanted = 200 + random.nextInt(600);
      int acks = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; acks < wanted && (line = out.readLine()) != null; ) {
          if (line.startsWith("ACK ")) {
            String[] f = line.split(" ");
            String earlier = acknowledged.put(Long.parseLong(f[1]), f[2]);
            assertEquals(null, earlier, "sequence " + f[1] + " was acknowledged twice (" + earlier + ", " + f[2] + ")");
            acks++;
          }
        }
        node.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed or closed
        assertTrue(node.waitFor(20, TimeUnit.SECONDS));
      }
      assertEquals(wanted, acks, "the node stopped acknowledging before the kill; see " + dir.resolve("node.log"));

      try (TestMembers reopened = TestMembers.start(AuditStoreConfig.h2(h2), 1)) {
        HazelcastAuditStore store = reopened.stores.get(0);
        long size = store.size();
        long highest = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(size > highest, "round " + round + ": the log holds " + size + " events but event " + highest
            + " was acknowledged");
        List<AuditEvent> all = store.read(0, size);
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
          assertEquals(a.getValue(), all.get(a.getKey().intValue()).record().exchangeId(),
              "round " + round + ": acknowledged event " + a.getKey() + " was lost or replaced");
        }
        AuditLog log = new AuditLog(store, new CheckpointSigner(new DetachedSigner(SEAL), eu.mlagw.testing.TestNoteKeys.of(GATEWAY)), checkpoints, GATEWAY,
            Clock.systemUTC());
        log.checkpoint(); // recomputes the root at the newest checkpoint: lost events would fail here
        VerificationResult result = new AuditLogVerifier(checkpoints, GATEWAY).verify(store, List.of(), Instant.now());
        assertTrue(result.ok(), result.summary());
      }
    }
  }

  private Process start(Path h2, int round, int threads) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AppendingNode.class.getName(), h2.toString(),
        String.valueOf(round), String.valueOf(threads)));
    return new ProcessBuilder(cmd).redirectError(dir.resolve("node.log").toFile()).start();
  }
}
