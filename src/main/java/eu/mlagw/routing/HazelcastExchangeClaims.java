package eu.mlagw.routing;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link ExchangeClaims} for the nodes of one gateway cluster sharing a drop-folder root: a
 * submission is claimed under a cluster-wide map lock on its path (a lock held by a member that
 * dies is released by the cluster), and each exchange in flight has one owner member; a node
 * resuming exchanges after a restart takes only its own and those of members that left.
 */
public final class HazelcastExchangeClaims implements ExchangeClaims {
  static final String CLAIMS = "mlagw-submission-claims";
  static final String OWNERS = "mlagw-exchange-owners";
  private final HazelcastInstance hazelcast;
  private final IMap<String, Boolean> claims;
  private final IMap<String, String> owners;
  /** The claims of this node's threads: a Hazelcast lock is re-entrant for its thread, not exclusive between them. */
  private final LocalExchangeClaims local = new LocalExchangeClaims();

  public HazelcastExchangeClaims(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.claims = hazelcast.getMap(CLAIMS);
    this.owners = hazelcast.getMap(OWNERS);
  }

  private static String key(Path source) {
    return source.toAbsolutePath().normalize().toString();
  }

  @Override
  public boolean tryClaim(Path source) {
    return local.tryClaim(source) && lockOrRelease(source);
  }

  private boolean lockOrRelease(Path source) {
    if (claims.tryLock(key(source))) {
      return true;
    }
    local.release(source);
    return false;
  }

  @Override
  public void release(Path source) {
    claims.unlock(key(source));
    local.release(source);
  }

  @Override
  public boolean isClaimedElsewhere(Path source) {
    return claims.isLocked(key(source));
  }

  @Override
  public boolean own(String exchangeId) {
    String me = hazelcast.getCluster().getLocalMember().getUuid().toString();
    for (int i = 0; i < 3; i++) {
      String owner = owners.putIfAbsent(exchangeId, me);
      if (owner == null || owner.equals(me)) {
        return true;
      }
      Set<String> live = hazelcast.getCluster().getMembers().stream().map(Member::getUuid).map(UUID::toString)
          .collect(Collectors.toSet());
      if (live.contains(owner)) {
        return false;
      }
      if (owners.replace(exchangeId, owner, me)) {
        return true; // its owner left the cluster
      }
    }
    return false;
  }

  @Override
  public void disown(String exchangeId) {
    owners.remove(exchangeId);
  }
}
