package eu.mlagw.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link AuditStore} for tests, with doors an attacker with database access would
 * have ({@link #tamper}): events and checkpoints can be edited, removed, inserted and reordered.
 * {@link #read} is positional (what a table scan ordered by position returns). Thread-safe.
 */
public final class ListAuditStore implements AuditStore {
  private final String node;
  private final String gateway;
  private final List<AuditEvent> events = new ArrayList<>();
  private final List<byte[]> checkpoints = new ArrayList<>();

  public ListAuditStore(String gateway) {
    this("node-1", gateway);
  }

  public ListAuditStore(String node, String gateway) {
    this.node = node;
    this.gateway = gateway;
  }

  @Override
  public synchronized AuditEvent append(AuditRecord record, Instant time) {
    AuditEvent e = new AuditEvent(events.size(), time, node, gateway, record);
    events.add(e);
    return e;
  }

  @Override
  public synchronized long size() {
    return events.size();
  }

  @Override
  public synchronized List<AuditEvent> read(long from, long to) {
    int f = (int) Math.min(Math.max(from, 0), events.size());
    int t = (int) Math.min(Math.max(to, f), events.size());
    return List.copyOf(events.subList(f, t));
  }

  @Override
  public synchronized void addCheckpoint(byte[] signedCheckpoint) {
    checkpoints.add(signedCheckpoint.clone());
  }

  @Override
  public synchronized List<byte[]> checkpoints() {
    return checkpoints.stream().map(byte[]::clone).toList();
  }

  @Override
  public void close() {}

  /** Direct, unchecked access to the rows, as an attacker with database access has. */
  public interface Tampering {
    void apply(List<AuditEvent> events, List<byte[]> checkpoints);
  }

  public synchronized void tamper(Tampering t) {
    t.apply(events, checkpoints);
  }
}
