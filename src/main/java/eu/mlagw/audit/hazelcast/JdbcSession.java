package eu.mlagw.audit.hazelcast;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One JDBC connection used by one MapStore/MapLoader, serialised by the caller ({@code synchronized}
 * on this object). A connection that failed is dropped and a new one opened at the next use, so a
 * database restart is survived.
 */
final class JdbcSession implements AutoCloseable {
  /** Work done on the connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final AuditDatabase database;
  private Connection connection;

  JdbcSession(AuditDatabase database) {
    this.database = database;
  }

  /** Runs {@code work}; an SQL failure becomes an {@link IllegalStateException} naming the database. */
  synchronized <T> T run(String what, Work<T> work) {
    try {
      if (connection == null) {
        connection = database.connect();
      }
      return work.run(connection);
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("audit " + database.description() + ": cannot " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken; a new connection is opened at the next use
      }
      connection = null;
    }
  }
}
