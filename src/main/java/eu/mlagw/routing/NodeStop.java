package eu.mlagw.routing;

/**
 * Whether this gateway node has been asked to stop ({@link GatewayNode#close()}).
 *
 * <p>Why it exists: a failure that happens while the node stops — a thread interrupted, the Camel
 * context refusing work ({@code RejectedExecutionException}), the peer listener or the audit log
 * already closed, a retry abandoned — is the stop's doing, not the submission's. Whoever decides
 * that an exchange has failed for good (the {@link ExchangeLifecycle}) asks {@link #stopping()} first and, if true, leaves the exchange where it is (the outbox
 * or {@code .work/}) for the next start to resume: it is never moved to {@code failed/}, and no
 * NonDelivery or SubmissionRejection is issued for it. Likewise a package received from a peer
 * while stopping is answered as "unreachable, retry" ({@code PEER_UNREACHABLE}), never refused.
 *
 * <p>The rule is deliberately blunt (any failure while stopping, not only the ones that look like
 * a stop): a failure that is really the submission's fault happens again after the restart, and is
 * recorded then. Thread-safe; once stopping, a node stays stopping.
 */
public final class NodeStop {
  private volatile boolean requested;

  /** True from the moment the node was asked to stop; never false again. */
  public boolean stopping() {
    return requested;
  }

  /** Marks the node as stopping; returns true for the first call only. */
  synchronized boolean request() {
    if (requested) {
      return false;
    }
    requested = true;
    return true;
  }
}
