package eu.mlagw.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the append-only audit log: a record plus what the trail assigned to it. Its position
 * in the Merkle log is {@code sequence} (0-based, no gaps, one total order across all nodes).
 *
 * @param sequence 0-based position in the log
 * @param time when the trail accepted the event (UTC, millisecond precision)
 * @param node the cluster node that appended it
 * @param gateway the gateway id
 * @param record what happened
 */
public record AuditEvent(long sequence, Instant time, String node, String gateway, AuditRecord record) {
  public AuditEvent {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
    time = Objects.requireNonNull(time, "time").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(record, "record");
  }
}
