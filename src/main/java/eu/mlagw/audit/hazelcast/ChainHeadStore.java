package eu.mlagw.audit.hazelcast;

import com.hazelcast.map.MapStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The write-through MapStore of the chain heads. When an {@link AppendToChain} step changes a head,
 * Hazelcast calls {@link #store} on the head's owner before the step's result and backups go out;
 * this writes the batch the step just placed into the chain's table, in one transaction (the head
 * itself is not stored: its length is the table's highest position + 1, read by {@link #load}).
 * A failed write fails the step, and the head in memory stays as it was.
 */
final class ChainHeadStore implements MapStore<String, ChainHead> {
  private final JdbcSession session;

  ChainHeadStore(AuditDatabase database) {
    this.session = database.session();
  }

  @Override
  public void store(String key, ChainHead head) {
    if (head.latestCount() == 0) {
      return;
    }
    ChainTable t = ChainTable.ofHeadKey(key);
    long first = head.latestFirst();
    session.run("write to " + t.table(), c -> {
      c.setAutoCommit(false);
      try {
        // Rows at or beyond the head's length were never acknowledged: an acknowledged batch is in the
        // head of every replica (synchronous backups). Such rows are left by an owner that died after
        // writing them and before its backups took the step; the next step re-places those positions.
        try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.table() + " WHERE " + t.column() + " >= ? AND "
            + t.column() + " < ?")) {
          d.setLong(1, first);
          d.setLong(2, first + head.latestCount());
          d.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + t.table() + " (" + t.column() + ", bytes) VALUES (?, ?)")) {
          for (int i = 0; i < head.latestCount(); i++) {
            s.setLong(1, first + i);
            s.setBytes(2, head.latest(i));
            s.addBatch();
          }
          s.executeBatch();
        }
        c.commit();
      } catch (java.sql.SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
      return null;
    });
  }

  @Override
  public void storeAll(Map<String, ChainHead> map) {
    map.forEach(this::store);
  }

  @Override
  public void delete(String key) {
    throw new UnsupportedOperationException("the audit log is append-only: chain heads are never deleted");
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    throw new UnsupportedOperationException("the audit log is append-only: chain heads are never deleted");
  }

  @Override
  public ChainHead load(String key) {
    ChainTable t = ChainTable.ofHeadKey(key);
    long length = session.run("read the length of " + t.table(), c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT MAX(" + t.column() + ") FROM " + t.table());
           ResultSet r = s.executeQuery()) {
        r.next();
        long max = r.getLong(1);
        return r.wasNull() ? 0L : max + 1;
      }
    });
    return ChainHead.ofLength(length);
  }

  @Override
  public Map<String, ChainHead> loadAll(Collection<String> keys) {
    Map<String, ChainHead> out = new HashMap<>();
    keys.forEach(k -> out.put(k, load(k)));
    return out;
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return null; // heads are loaded on first use
  }
}
