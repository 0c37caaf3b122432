package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** {@link ExchangeLocks} within one JVM; a lock disappears when nobody holds or waits for it. */
public final class LocalExchangeLocks implements ExchangeLocks {
  private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  @Override
  public <T> T withLock(String exchangeId, Locked<T> work) throws GatewayException {
    Entry entry = locks.compute(exchangeId, (id, e) -> {
      Entry x = e == null ? new Entry() : e;
      x.users++;
      return x;
    });
    entry.lock.lock();
    try {
      return work.run();
    } finally {
      entry.lock.unlock();
      locks.computeIfPresent(exchangeId, (id, e) -> --e.users == 0 ? null : e);
    }
  }
}
