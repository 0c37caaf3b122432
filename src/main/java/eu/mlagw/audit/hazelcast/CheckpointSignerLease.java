package eu.mlagw.audit.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether this member is its gateway cluster's checkpoint signer: a lease in the IMap
 * {@link #MAP} (synchronous backups) held by one member at a time, passed on with an incremented
 * fencing token only when its holder has left the cluster ({@link ClaimSignerLease}). Asked before
 * each scheduled checkpoint, so two members never sign checkpoints of the log concurrently and store
 * them out of order. Thread-safe.
 */
final class CheckpointSignerLease {
  /** The lease map: one entry, {@link #KEY}. */
  static final String MAP = "mlagw-audit-signer";
  static final String KEY = "checkpoint-signer";
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> leases;
  private volatile long token = -1;

  CheckpointSignerLease(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.leases = hazelcast.getMap(MAP);
  }

  /** True if this member holds (or has just taken over) the lease; false if another member holds it. */
  boolean held() {
    Set<String> members = new HashSet<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      members.add(m.getUuid().toString());
    }
    String self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    long now = leases.executeOnKey(KEY, new ClaimSignerLease(self, members));
    token = now;
    return now > 0;
  }

  /** The fencing token of the lease this member last held, or -1. */
  long token() {
    return token;
  }
}
