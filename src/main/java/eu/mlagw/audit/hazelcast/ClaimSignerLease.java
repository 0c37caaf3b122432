package eu.mlagw.audit.hazelcast;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import java.util.Set;

/**
 * The one step that elects a gateway cluster's checkpoint signer (Hazelcast community has no CP
 * subsystem, so no FencedLock): runs on the owner of the lease entry, one at a time, and is re-run
 * on the backups with the same input. The lease ({@code "HOLDER-UUID/TOKEN"}) stays with its holder
 * while the holder is a member of the cluster; a candidate takes it over only when the holder is
 * gone, with the fencing token incremented. Returns the candidate's token, or -1 if another member
 * holds the lease.
 */
final class ClaimSignerLease implements EntryProcessor<String, String, Long> {
  private static final long serialVersionUID = 1L;
  private final String candidate;
  private final Set<String> members;

  /**
   * @param candidate the claiming member's UUID
   * @param members the UUIDs of the cluster's members as the candidate sees them now
   */
  ClaimSignerLease(String candidate, Set<String> members) {
    this.candidate = candidate;
    this.members = members;
  }

  @Override
  public Long process(Map.Entry<String, String> entry) {
    String lease = entry.getValue();
    String holder = lease == null ? null : lease.substring(0, lease.indexOf('/'));
    long token = lease == null ? 0 : Long.parseLong(lease.substring(lease.indexOf('/') + 1));
    if (candidate.equals(holder)) {
      return token;
    }
    if (holder != null && members.contains(holder)) {
      return -1L;
    }
    entry.setValue(candidate + "/" + (token + 1));
    return token + 1;
  }
}
