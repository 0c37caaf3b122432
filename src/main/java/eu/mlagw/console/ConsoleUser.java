package eu.mlagw.console;

import java.util.Set;

/**
 * Who is using the console: the subject of their client certificate (their name in the audit log),
 * the certificate's SHA-256 fingerprint (the session is bound to it) and their roles. Immutable.
 */
public record ConsoleUser(String name, String fingerprint, Set<ConsoleRole> roles) {
  public ConsoleUser {
    roles = Set.copyOf(roles);
  }

  public boolean is(ConsoleRole role) {
    return roles.contains(role);
  }
}
