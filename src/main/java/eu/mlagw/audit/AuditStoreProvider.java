package eu.mlagw.audit;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;

/**
 * Opens the audit store of a configured gateway (the clustered store in production; a test
 * fixture in tests). The caller closes the store.
 */
@FunctionalInterface
public interface AuditStoreProvider {
  AuditStore open(GatewayConfig config) throws GatewayException;

  /** Until a store is wired in: fails, saying so. */
  AuditStoreProvider NONE = config -> {
    throw new GatewayException(ReasonCode.CONFIG_INVALID, "no audit store configured for gateway '"
        + config.gatewayId() + "'; this build has no audit store wired into the command line yet");
  };
}
