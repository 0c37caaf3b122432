package eu.mlagw.audit;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;

/**
 * What a node checks of its audit store before it serves: the log still matches the newest signed
 * checkpoint (its signature, every event it covers present, readable and hashing to its root). A
 * node on a tampered store refuses to start instead of appending to, and signing over, a log that
 * no longer verifies. Costs one read of the events up to the newest checkpoint, which the node's
 * first checkpoint would read anyway ({@link AuditLog} keeps the hashes).
 */
public final class AuditStartupCheck {
  private AuditStartupCheck() {}

  /**
   * @throws GatewayException AUDIT_STORE_TAMPERED naming what was found and what to do; the
   *     checkpoint verifier's trust errors as they are
   */
  public static void verifyOrRefuse(AuditLog log) throws GatewayException {
    try {
      log.verifyAgainstNewestCheckpoint();
    } catch (StoreDamageException e) {
      throw refused(e.failure() + " at " + e.position() + ": " + e.getMessage(), e);
    } catch (GatewayException e) {
      if (e.reason() != ReasonCode.AUDIT_TAMPERED) {
        throw e;
      }
      throw refused(e.getMessage(), e);
    }
  }

  private static GatewayException refused(String found, Exception cause) {
    return new GatewayException(ReasonCode.AUDIT_STORE_TAMPERED, "this node will not start: its audit store does not "
        + "match the newest signed checkpoint (" + found + "). Run mlagw audit verify to see the first bad sequence "
        + "number, restore the audit database from a backup (or an exported log), then start the node again", cause);
  }
}
