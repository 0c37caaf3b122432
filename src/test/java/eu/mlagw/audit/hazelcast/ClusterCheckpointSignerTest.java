package eu.mlagw.audit.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.audit.AuditLog;
import eu.mlagw.audit.AuditLogVerifier;
import eu.mlagw.audit.Checkpoint;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.VerificationResult;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.testing.TestPki;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members of one gateway, each with 1 s scheduled checkpoints, appending concurrently while
 * members are terminated: one member signs at a time (the lease passes on when its holder dies), the
 * stored checkpoints never go back, and the log verifies throughout.
 */
class ClusterCheckpointSignerTest {
  private static final String GATEWAY = "gw-test";
  private static final TestPki PKI = new TestPki("SignerLease");
  private static final Credential SEAL = PKI.gatewaySeal(GATEWAY, KeyKind.EC_P256,
      TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.plus(Duration.ofDays(365)));
  @TempDir Path dir;

  @Test
  void oneElectedSignerPerClusterKeepsCheckpointsInOrderAcrossMemberKills() throws Exception {
    CheckpointVerifier checkpoints = new CheckpointVerifier(PKI.trustPolicy(), List.of(SEAL.certificate()),
        eu.mlagw.testing.TestNoteKeys.of(GATEWAY).verifierKey());
    AuditLogVerifier verifier = new AuditLogVerifier(checkpoints, GATEWAY);
    try (TestMembers cluster = TestMembers.start(AuditStoreConfig.h2(dir.resolve("audit")), 3)) {
      List<AuditLog> logs = new ArrayList<>();
      for (HazelcastAuditStore store : cluster.stores) {
        AuditLog log = new AuditLog(store, new CheckpointSigner(new DetachedSigner(SEAL), eu.mlagw.testing.TestNoteKeys.of(GATEWAY)), checkpoints, GATEWAY,
            Clock.systemUTC());
        log.startCheckpoints(Duration.ofSeconds(1));
        logs.add(log);
      }
      assertEquals(1, cluster.stores.stream().filter(HazelcastAuditStore::isCheckpointSigner).count(),
          "exactly one signer");
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      for (int t = 0; t < 6; t++) {
        int thread = t;
        pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            try {
              cluster.stores.get(thread % 3).append(TestMembers.record("ex-" + thread + "-" + i), Instant.now());
            } catch (RuntimeException e) {
              Thread.sleep(5); // appends through a terminated member
            }
          }
          return null;
        });
      }
      HazelcastAuditStore survivor = cluster.stores.get(2);
      for (int kill = 0; kill < 2; kill++) {
        Thread.sleep(3500);
        assertVerifies(verifier, survivor);
        int signer = -1;
        for (int i = 0; i < 2; i++) {
          if (cluster.members.get(i).hazelcast().getLifecycleService().isRunning()
              && cluster.stores.get(i).isCheckpointSigner()) {
            signer = i;
          }
        }
        int victim = signer >= 0 ? signer : kill; // the signer dies if it is not the survivor
        logs.get(victim).close();
        cluster.members.get(victim).terminate();
      }
      int before = survivor.checkpoints().size();
      Thread.sleep(3500);
      stop.set(true);
      pool.shutdown();
      assertTrue(survivor.isCheckpointSigner(), "the lease passed to the last member");
      assertTrue(survivor.checkpoints().size() > before, "the last member signs after the others died");
      assertVerifies(verifier, survivor);
      long previous = -1;
      Instant previousTime = Instant.MIN;
      for (byte[] bytes : survivor.checkpoints()) {
        Checkpoint c = checkpoints.verify(bytes, Instant.now()).checkpoint();
        assertTrue(c.size() >= previous && !c.time().isBefore(previousTime), "out of order: " + c);
        previous = c.size();
        previousTime = c.time();
      }
      logs.forEach(AuditLog::close);
    }
  }

  private static void assertVerifies(AuditLogVerifier verifier, HazelcastAuditStore store) {
    VerificationResult r = verifier.verify(store, List.of(), Instant.now());
    assertTrue(r.ok(), r.summary());
    assertTrue(r.checkpointsChecked() > 0, r.summary());
  }
}
