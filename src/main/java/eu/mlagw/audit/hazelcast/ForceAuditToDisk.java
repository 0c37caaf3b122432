package eu.mlagw.audit.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.util.concurrent.Callable;

/**
 * Forces the audit database of the member it runs on to the disk ({@link AuditDatabase#forceToDisk}).
 * A {@link NodeClient} sends it to the owner of the events' chain head after each append: that
 * member wrote the batch into its database, and only it holds the H2 file. Answers false on a member
 * without a database (none is registered in its user context).
 */
public final class ForceAuditToDisk implements Callable<Boolean>, DataSerializable, HazelcastInstanceAware {
  private transient HazelcastInstance hazelcast;

  /** For deserialisation. */
  public ForceAuditToDisk() {}

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  @Override
  public Boolean call() {
    Object database = hazelcast == null ? null : hazelcast.getUserContext().get(GatewayCluster.DATABASE_CONTEXT_KEY);
    if (database instanceof AuditDatabase d) {
      d.forceToDisk();
      return true;
    }
    return false;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // nothing: the member's own database is forced
  }

  @Override
  public void readData(ObjectDataInput in) {
    // nothing
  }
}
