package eu.mlagw.audit.hazelcast;

import eu.mlagw.config.AuditStoreConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The database behind the audit store: how to connect (H2 file or PostgreSQL) and the schema (one
 * table of events, one of checkpoints, created if missing; the same SQL on both, H2 runs in
 * PostgreSQL mode). Connections are handed out one per user ({@link JdbcSession}); the password is
 * resolved once and never logged.
 */
public final class AuditDatabase implements AutoCloseable {
  private final java.util.List<JdbcSession> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String url;
  private final String user;
  private final char[] password;
  private final String description;
  private final Path h2File; // the .mv.db file; null for PostgreSQL
  private final H2FileOwnership ownership; // null for PostgreSQL, or when this JVM already owns the file
  private final java.util.concurrent.atomic.AtomicLong syncsRequested = new java.util.concurrent.atomic.AtomicLong();
  private long syncedUpTo; // guarded by syncsRequested

  private AuditDatabase(String url, String user, char[] password, String description, Path h2File,
      H2FileOwnership ownership) {
    this.ownership = ownership;
    this.url = url;
    this.user = user;
    this.password = password;
    this.description = description;
    this.h2File = h2File;
  }

  /**
   * Resolves the configuration (the password from its environment variable or file), connects once
   * and creates the tables if missing.
   *
   * @throws GatewayException CONFIG_INVALID if the password cannot be resolved, IO_ERROR if the
   *     database cannot be reached or the tables cannot be created
   */
  public static AuditDatabase open(AuditStoreConfig config, Map<String, String> environment) throws GatewayException {
    AuditDatabase db;
    if (config.backend() == AuditStoreConfig.Backend.H2) {
      Path file = config.h2File();
      try {
        Files.createDirectories(file.getParent());
      } catch (java.io.IOException e) {
        throw new GatewayException(ReasonCode.IO_ERROR, "cannot create the folder " + file.getParent() + " for the audit "
            + "database (" + e.getMessage() + "); make it writable or set audit.h2File in gateway.yaml", e);
      }
      // H2 on "async:" file channels takes no file lock: without this, a second process could open
      // and write the file the node is writing
      H2FileOwnership ownership = H2FileOwnership.acquire(file);
      // async: file channels that an interrupted thread (a stopping member) cannot close under H2;
      // WRITE_DELAY=0: a commit reaches the file before it returns (H2's default delays it by 500 ms)
      db = new AuditDatabase(h2Url(file), "mlagw", new char[0],
          "H2 database " + file + ".mv.db", Path.of(file.toAbsolutePath().normalize() + ".mv.db"), ownership);
    } else {
      char[] pw = config.jdbcPassword().isPresent() ? config.jdbcPassword().get().resolve(environment) : new char[0];
      db = new AuditDatabase(config.jdbcUrl(), config.jdbcUser(), pw, "PostgreSQL database " + config.jdbcUrl()
          + " (user " + config.jdbcUser() + ")", null, null);
    }
    try {
      db.createSchema();
    } catch (GatewayException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /** The JDBC URL of the H2 file database {@code file} (user mlagw, empty password), as the store opens it. */
  public static String h2Url(Path file) {
    return "jdbc:h2:async:" + file.toAbsolutePath().normalize() + ";MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
  }

  /** A new connection, auto-commit on. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, new String(password));
  }

  /**
   * Makes every transaction committed so far survive a crash of the machine, not only of this
   * process; called before an append returns. H2 with WRITE_DELAY=0 writes a committed transaction
   * into its file during the commit (kill -9 of the JVM loses nothing after that), but leaves it in the
   * operating system's cache; this forces the file to the disk (fdatasync of the .mv.db file: it
   * covers every write to the file, whoever made it, and costs far less than H2's CHECKPOINT SYNC,
   * which writes a chunk of its own first). One call covers every batch committed before it, so
   * concurrent callers share one sync, and it runs outside the ordering step. PostgreSQL's commit
   * already waits for its WAL flush (synchronous_commit, on by default): nothing is done there.
   *
   * @throws AuditStoreException naming the file if it cannot be forced
   */
  void forceToDisk() {
    if (h2File == null) {
      return;
    }
    long ticket = syncsRequested.incrementAndGet();
    synchronized (syncsRequested) {
      if (syncedUpTo >= ticket) {
        return; // a sync that started after this call's commits has finished
      }
      long upTo = syncsRequested.get();
      try (FileChannel f = FileChannel.open(h2File, StandardOpenOption.READ)) {
        f.force(false);
      } catch (java.io.IOException e) {
        throw new AuditStoreException("cannot force the audit " + description + " to the disk: " + e.getMessage()
            + "; check the disk and the file's permissions", e);
      }
      syncedUpTo = upTo;
    }
  }

  /** A session of its own for one user (closed by {@link #close}). */
  JdbcSession session() {
    JdbcSession s = new JdbcSession(this);
    sessions.add(s);
    return s;
  }

  /** Closes every session's connection (an H2 file database is closed with its last connection). */
  @Override
  public void close() {
    try {
      sessions.forEach(JdbcSession::close);
    } finally {
      if (ownership != null) {
        ownership.release();
      }
    }
  }

  /** What this database is, for messages (never the password). */
  public String description() {
    return description;
  }

  private void createSchema() throws GatewayException {
    SQLException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // concurrent CREATE ... IF NOT EXISTS may race on PostgreSQL
      try (Connection c = connect(); Statement s = c.createStatement()) {
        for (ChainTable t : ChainTable.values()) {
          s.execute(t.createSql());
        }
        return;
      } catch (SQLException e) {
        last = e;
      }
    }
    throw new GatewayException(ReasonCode.IO_ERROR, "cannot open the audit " + description + ": " + last.getMessage()
        + "; check that the database is running and reachable and that the user may create tables", last);
  }
}
