package eu.mlagw.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds exchange-policy entries (participants.yaml maySendTo / mayReceiveFrom) that can never
 * match: an id that is not in the directory, or a prefix no participant has. Such an entry is
 * usually a typo that silently narrows the policy, so `mlagw config check` warns about it.
 */
public final class PolicyReferences {
  private PolicyReferences() {}

  /** One warning per dead entry, naming participant, key and entry. */
  public static List<String> deadEntries(GatewayConfig config) {
    List<String> out = new ArrayList<>();
    for (ParticipantConfig p : config.participants().values()) {
      check(config, p, "maySendTo", p.maySendTo(), out);
      check(config, p, "mayReceiveFrom", p.mayReceiveFrom(), out);
    }
    return out;
  }

  private static void check(GatewayConfig config, ParticipantConfig p, String key, List<String> entries,
      List<String> out) {
    for (String entry : entries) {
      boolean prefix = entry.endsWith("*");
      String stem = prefix ? entry.substring(0, entry.length() - 1) : entry;
      boolean matches = config.participants().keySet().stream()
          .anyMatch(id -> prefix ? id.startsWith(stem) : id.equals(entry));
      if (!matches) {
        out.add(p.id() + " " + key + " lists '" + entry + "', which matches no participant in participants.yaml; "
            + "fix the id or remove the entry");
      }
    }
  }
}
