package eu.mlagw.audit.hazelcast;

import com.hazelcast.map.MapLoader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the entries of one chain (events or checkpoints) from its table: all of them at member start
 * (EAGER initial load) and any entry missing from memory on read (read-through, e.g. after the owner
 * and backup of a partition died together). Writes go through {@link ChainHeadStore}, in the same
 * step that assigns the positions, never through this map. Returns the stored bytes unchanged.
 */
final class ChainTableLoader implements MapLoader<Long, byte[]> {
  private static final int CHUNK = 500;
  private final ChainTable table;
  private final JdbcSession session;

  ChainTableLoader(ChainTable table, AuditDatabase database) {
    this.table = table;
    this.session = database.session();
  }

  @Override
  public byte[] load(Long key) {
    return loadAll(List.of(key)).get(key);
  }

  @Override
  public Map<Long, byte[]> loadAll(Collection<Long> keys) {
    List<Long> all = new ArrayList<>(keys);
    Map<Long, byte[]> out = new HashMap<>();
    for (int i = 0; i < all.size(); i += CHUNK) {
      List<Long> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
      String sql = "SELECT " + table.column() + ", bytes FROM " + table.table() + " WHERE " + table.column() + " IN ("
          + "?,".repeat(chunk.size() - 1) + "?)";
      session.run("read " + table.table(), c -> {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          for (int k = 0; k < chunk.size(); k++) {
            s.setLong(k + 1, chunk.get(k));
          }
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.put(r.getLong(1), r.getBytes(2));
            }
          }
        }
        return null;
      });
    }
    return out;
  }

  @Override
  public Iterable<Long> loadAllKeys() {
    return session.run("list " + table.table(), c -> {
      List<Long> keys = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + table.column() + " FROM " + table.table());
           ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(r.getLong(1));
        }
      }
      return keys;
    });
  }
}
