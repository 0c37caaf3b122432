package eu.mlagw.routing;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may claim a submission from a shared outbox now. A node claims a submission only while it
 * holds its claim, so several nodes of one gateway sharing one drop-folder root each claim a
 * submission exactly once: the rename out of the outbox happens under the claim, and the second
 * node finds the submission gone. This implementation serves one node; {@link
 * HazelcastExchangeClaims} the nodes of a cluster.
 */
public class ExchangeClaims {
  private final Set<Path> held = ConcurrentHashMap.newKeySet();

  /** True if this node may claim {@code source} now (it must {@link #release} it after). */
  public boolean tryClaim(Path source) {
    return held.add(source.toAbsolutePath().normalize());
  }

  public void release(Path source) {
    held.remove(source.toAbsolutePath().normalize());
  }

  /** True while another node holds the claim of {@code source}. */
  public boolean isClaimedElsewhere(Path source) {
    return false;
  }

  /**
   * Makes this node the one that moves exchange {@code exchangeId} on; false if a live other node
   * is. An owner that left the cluster loses its exchanges to the first node that asks.
   */
  public boolean own(String exchangeId) {
    return true;
  }

  /** The exchange has ended here: no node owns it any more. */
  public void disown(String exchangeId) {}
}
