package eu.mlagw.audit.hazelcast;

/**
 * The two append-only chains of the audit store: each has a head entry (its length and recent
 * batches, in {@link GatewayCluster#HEADS_MAP} under {@link #headKey()}), an IMap of its entries by
 * position, and a database table {@code (position BIGINT PRIMARY KEY, bytes BYTEA)}.
 */
enum ChainTable {
  EVENTS("events", GatewayCluster.EVENTS_MAP, "audit_events", "seq"),
  CHECKPOINTS("checkpoints", GatewayCluster.CHECKPOINTS_MAP, "audit_checkpoints", "idx");

  private final String headKey;
  private final String mapName;
  private final String table;
  private final String column;

  ChainTable(String headKey, String mapName, String table, String column) {
    this.headKey = headKey;
    this.mapName = mapName;
    this.table = table;
    this.column = column;
  }

  String headKey() {
    return headKey;
  }

  String mapName() {
    return mapName;
  }

  String table() {
    return table;
  }

  String column() {
    return column;
  }

  static ChainTable ofHeadKey(String key) {
    for (ChainTable t : values()) {
      if (t.headKey.equals(key)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no audit chain named '" + key + "'");
  }

  String createSql() {
    return "CREATE TABLE IF NOT EXISTS " + table + " (" + column + " BIGINT PRIMARY KEY, bytes BYTEA NOT NULL)";
  }
}
