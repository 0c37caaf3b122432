package eu.mlagw.routing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import eu.mlagw.error.GatewayException;

/**
 * {@link ExchangeLocks} across all nodes of a gateway: a Hazelcast map lock per exchange id (map
 * locks need no CP subsystem; a lock held by a member that dies is released by the cluster), so
 * two nodes receiving the same exchange deliver it once.
 */
public final class HazelcastExchangeLocks implements ExchangeLocks {
  static final String MAP = "mlagw-exchange-locks";
  private final IMap<String, Boolean> locks;

  public HazelcastExchangeLocks(HazelcastInstance hazelcast) {
    this.locks = hazelcast.getMap(MAP);
  }

  @Override
  public <T> T withLock(String exchangeId, Locked<T> work) throws GatewayException {
    locks.lock(exchangeId);
    try {
      return work.run();
    } finally {
      locks.unlock(exchangeId);
    }
  }
}
