package eu.mlagw.cli;

import eu.mlagw.error.GatewayException;
import picocli.CommandLine;

/**
 * Prints failures as "ERROR REASON_CODE: message" on stderr and exits 1 (3 when a node refuses to
 * start on a tampered audit store, the exit code of a failed {@code audit verify}); the stack trace only with
 * MLAGW_DEBUG=1 (it never contains secrets, but it buries the message operators need).
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    if (ex instanceof GatewayException) {
      GatewayException g = (GatewayException) ex;
      cmd.getErr().println("ERROR " + g.reason() + ": " + g.getMessage());
    } else {
      cmd.getErr().println("ERROR INTERNAL: " + ex + " (please report this; run with MLAGW_DEBUG=1 for details)");
    }
    if ("1".equals(System.getenv("MLAGW_DEBUG"))) {
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return ex instanceof GatewayException g && g.reason() == eu.mlagw.error.ReasonCode.AUDIT_STORE_TAMPERED ? 3 : 1;
  }
}
