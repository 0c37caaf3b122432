package eu.mlagw.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The database behind the clustered audit store ({@code audit:} in gateway.yaml). Immutable.
 *
 * <p>{@link Backend#H2}: an H2 file database at {@code h2File} (absolute; {@code .mv.db} is added by
 * H2), readable only by members on this machine. {@link Backend#POSTGRESQL}: one PostgreSQL database
 * shared by all members, reached at {@code jdbcUrl} as {@code jdbcUser} with the password from
 * {@code jdbcPassword} (never in YAML).
 */
public record AuditStoreConfig(Backend backend, Path h2File, String jdbcUrl, String jdbcUser,
    Optional<SecretSource> jdbcPassword) {
  /** Which database keeps the audit log. */
  public enum Backend { H2, POSTGRESQL }

  /** Where the H2 file goes when gateway.yaml says nothing: {@code data/audit} under the config folder. */
  public static final String DEFAULT_H2_FILE = "data/audit";

  public AuditStoreConfig {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    if (backend == Backend.H2) {
      Objects.requireNonNull(h2File, "h2File");
      h2File = h2File.toAbsolutePath().normalize();
    } else {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }
  }

  /** An H2 file database at {@code file} (without the {@code .mv.db} suffix). */
  public static AuditStoreConfig h2(Path file) {
    return new AuditStoreConfig(Backend.H2, file, null, null, Optional.empty());
  }

  /** A PostgreSQL database. */
  public static AuditStoreConfig postgresql(String jdbcUrl, String user, SecretSource password) {
    return new AuditStoreConfig(Backend.POSTGRESQL, null, jdbcUrl, user, Optional.ofNullable(password));
  }
}
