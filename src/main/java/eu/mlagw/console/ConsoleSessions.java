package eu.mlagw.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's sessions, in memory: a random id (the cookie) names a session, and a session
 * belongs to one client certificate — presented with another certificate, the cookie opens nothing
 * and a new session starts. Each session has its own anti-forgery token for forms and remembers the
 * auditor's stated purpose and the chosen language. Idle sessions end after {@link #IDLE}; at most
 * {@link #MAX} live at once (the oldest is dropped). Thread-safe.
 */
final class ConsoleSessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final int MAX = 1000;
  static final String COOKIE = "mlagw-console";
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

  ConsoleSessions(Clock clock) {
    this.clock = clock;
  }

  /** One session; mutable fields are guarded by the session itself. */
  static final class Session {
    final String id;
    final String fingerprint;
    final String csrf;
    private String purpose;
    private String language;
    private Instant seen;

    private Session(String id, String fingerprint, String csrf, Instant seen) {
      this.id = id;
      this.fingerprint = fingerprint;
      this.csrf = csrf;
      this.seen = seen;
    }

    synchronized String purpose() {
      return purpose;
    }

    synchronized void purpose(String purpose) {
      this.purpose = purpose;
    }

    synchronized String language() {
      return language;
    }

    synchronized void language(String language) {
      this.language = language;
    }

    /** Whether {@code token} is this session's anti-forgery token (constant-time comparison). */
    boolean acceptsToken(String token) {
      return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
          token.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * The session named by {@code cookie} if it belongs to the certificate {@code fingerprint} and is
   * not idle too long; else a new one (the caller sets its cookie when {@code id} differs).
   */
  synchronized Session open(String cookie, String fingerprint) {
    Instant now = clock.instant();
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      Session s = it.next();
      if (s.seen.plus(IDLE).isBefore(now)) {
        it.remove();
      }
    }
    Session s = cookie == null ? null : sessions.get(cookie);
    if (s != null && s.fingerprint.equals(fingerprint)) {
      s.seen = now;
      return s;
    }
    if (sessions.size() >= MAX) {
      Iterator<String> oldest = sessions.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Session fresh = new Session(token(), fingerprint, token(), now);
    sessions.put(fresh.id, fresh);
    return fresh;
  }

  private String token() {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
