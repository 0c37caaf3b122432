package eu.mlagw.routing;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ExchangeClaims} of a node that is alone: claims are held in memory, every exchange is its own. */
public final class LocalExchangeClaims implements ExchangeClaims {
  private final Set<Path> held = ConcurrentHashMap.newKeySet();

  @Override
  public boolean tryClaim(Path source) {
    return held.add(source.toAbsolutePath().normalize());
  }

  @Override
  public void release(Path source) {
    held.remove(source.toAbsolutePath().normalize());
  }

  @Override
  public boolean isClaimedElsewhere(Path source) {
    return false;
  }

  @Override
  public boolean own(String exchangeId) {
    return true;
  }

  @Override
  public void disown(String exchangeId) {}
}
