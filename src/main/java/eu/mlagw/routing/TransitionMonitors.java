package eu.mlagw.routing;

/**
 * A fixed set of monitors, one chosen per exchange id: two transitions of the same exchange never
 * run at once in this JVM, while different exchanges rarely share a monitor. Monitors are
 * re-entrant, so a transition may call another of the same exchange. (Across the nodes of a
 * cluster, receptions are serialised by {@link ExchangeLocks}; sender-side transitions of one
 * exchange run on its owner node.)
 */
final class TransitionMonitors {
  private static final int STRIPES = 64;
  private final Object[] monitors = new Object[STRIPES];

  TransitionMonitors() {
    for (int i = 0; i < STRIPES; i++) {
      monitors[i] = new Object();
    }
  }

  Object of(String exchangeId) {
    return monitors[Math.floorMod(exchangeId.hashCode(), STRIPES)];
  }
}
