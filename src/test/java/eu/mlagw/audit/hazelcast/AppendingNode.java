package eu.mlagw.audit.hazelcast;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.config.ClusterConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A gateway node reduced to its audit store, run as a JVM of its own by {@link KillDuringAppendTest}:
 * starts one member over the H2 file {@code args[0]}, then appends from {@code args[2]} threads until
 * it is killed, printing {@code ACK <sequence> <exchange>} for every append that returned — the
 * events the store has promised to keep.
 */
public final class AppendingNode {
  private AppendingNode() {}

  public static void main(String[] args) throws Exception {
    Path h2 = Path.of(args[0]);
    String round = args[1];
    int threads = Integer.parseInt(args[2]);
    int port = TestMembers.freePort();
    GatewayCluster member = GatewayCluster.start("gw-test", new ClusterConfig("node-1", port, "127.0.0.1",
        List.of("127.0.0.1:" + port), 1), AuditStoreConfig.h2(h2), Map.of());
    HazelcastAuditStore store = HazelcastAuditStore.open(member);
    PrintStream out = System.out;
    out.println("READY " + store.size());
    out.flush();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread appender = new Thread(() -> {
        for (long i = 0; ; i++) {
          String exchange = "EX-" + round + "-" + thread + "-" + i;
          AuditEvent e = store.append(TestMembers.record(exchange), Instant.now());
          synchronized (out) {
            out.println("ACK " + e.sequence() + " " + exchange);
            out.flush();
          }
        }
      });
      appender.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
