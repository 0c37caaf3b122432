package eu.mlagw.console;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditorAction;
import eu.mlagw.audit.VerifiedCheckpoint;
import eu.mlagw.error.GatewayException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes an auditor's export as the PDF report signed with the gateway's seal (the same report as
 * {@code mlagw audit export --format pdf}). The console is handed one by routing/, which knows the
 * seal and the PDF writer; the console itself knows neither.
 */
@FunctionalInterface
public interface SignedReports {
  /** The events the report lists, in sequence order. */
  @FunctionalInterface
  interface Events {
    void forEach(Consumer<AuditEvent> sink) throws GatewayException;
  }

  /**
   * Writes the report of {@code events} (those matching {@code filter}, described in words) that
   * {@code who} exported at {@code generated}, checked against {@code checkpoint}.
   */
  void write(String filter, AuditorAction who, Instant generated, VerifiedCheckpoint checkpoint, Events events,
      OutputStream out) throws GatewayException;
}
