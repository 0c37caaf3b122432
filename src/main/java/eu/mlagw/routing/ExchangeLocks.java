package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;

/**
 * Mutual exclusion per exchange id, so that concurrent transfers of one exchange (a sender's retry
 * racing its first attempt, or two nodes receiving the same exchange) open, release and acknowledge
 * it exactly once, whichever node of the gateway receives it ({@link HazelcastExchangeLocks}).
 */
public interface ExchangeLocks {
  /** Work that runs while the exchange's lock is held. */
  @FunctionalInterface
  interface Locked<T> {
    T run() throws GatewayException;
  }

  /** Runs {@code work} holding the lock of {@code exchangeId}; waits for the lock as long as needed. */
  <T> T withLock(String exchangeId, Locked<T> work) throws GatewayException;
}
