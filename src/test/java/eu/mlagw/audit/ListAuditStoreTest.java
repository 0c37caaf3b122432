package eu.mlagw.audit;

/** The test fixture store passes the contract every backend must pass. */
class ListAuditStoreTest extends AuditStoreContract {
  @Override
  protected AuditStore newStore() {
    return new ListAuditStore("gw-test");
  }
}
