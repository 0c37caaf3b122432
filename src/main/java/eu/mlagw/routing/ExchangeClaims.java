package eu.mlagw.routing;

import java.nio.file.Path;

/**
 * Who may claim a submission from a shared outbox now, and which node moves an exchange on. A node
 * claims a submission only while it holds its claim, so several nodes of one gateway sharing one
 * drop-folder root each claim a submission exactly once: the rename out of the outbox happens
 * under the claim, and the second node finds the submission gone. {@link LocalExchangeClaims}
 * serves one node, {@link HazelcastExchangeClaims} the nodes of a cluster.
 */
public interface ExchangeClaims {
  /** True if this node may claim {@code source} now (it must {@link #release} it after). */
  boolean tryClaim(Path source);

  void release(Path source);

  /** True while another node holds the claim of {@code source}. */
  boolean isClaimedElsewhere(Path source);

  /**
   * Makes this node the one that moves exchange {@code exchangeId} on; false if a live other node
   * is. An owner that left the cluster loses its exchanges to the first node that asks.
   */
  boolean own(String exchangeId);

  /** The exchange has ended here: no node owns it any more. */
  void disown(String exchangeId);
}
