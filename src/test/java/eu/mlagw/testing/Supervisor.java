package eu.mlagw.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What systemd's {@code Restart=on-failure} does for a node (README: run it under a supervisor):
 * a node that ended on its own — not killed or stopped by the test, e.g. exit 3 after an
 * OutOfMemoryError at the launcher's heap — is started again, and the death is recorded so the
 * test can report it.
 */
public final class Supervisor {
  private final List<GatewayProcess> nodes;
  private final List<String> deaths = new ArrayList<>();

  public Supervisor(List<GatewayProcess> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Restarts every node that died on its own since the last look. */
  public void look() throws IOException {
    for (GatewayProcess n : nodes) {
      if (n.diedOnItsOwn()) {
        deaths.add(n.name() + " exit " + n.exitCode());
        n.start();
      }
    }
  }

  /** The deaths seen so far, as "NAME exit CODE". */
  public List<String> deaths() {
    return List.copyOf(deaths);
  }
}
