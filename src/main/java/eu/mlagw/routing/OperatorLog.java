package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.metadata.RequestInvalidException;
import org.slf4j.Logger;

/**
 * How a failure of an exchange appears in the operator's log: one line, in English, with its reason
 * code. A prosecutor's REQUEST_INVALID text is written in the office's language for error.txt in the
 * drop folder; the log gets the field paths and rule keys of the same problems instead (never the
 * values read from the request). The stack trace is logged only for what the code did not expect
 * (anything but a {@link GatewayException}): an expected refusal or a peer being down is one line.
 */
public final class OperatorLog {
  private OperatorLog() {}

  /** "REASON: English text" for the log. */
  public static String line(Throwable failure) {
    return Failures.reasonOf(failure) + ": " + text(failure);
  }

  /** The failure's English text, without its reason code. */
  public static String text(Throwable failure) {
    if (failure instanceof RequestInvalidException invalid) {
      return invalid.operatorSummary();
    }
    return Failures.describe(failure);
  }

  /**
   * The throwable to log with the line: null for a {@link GatewayException} (its reason code and
   * message say what happened and what to do), the failure itself for anything else.
   */
  public static Throwable stackTraceOf(Throwable failure) {
    return failure instanceof GatewayException ? null : failure;
  }

  /** Logs {@code message} (an SLF4J pattern) at WARN, with the stack trace only for an unexpected failure. */
  static void warn(Logger log, Throwable failure, String message, Object... args) {
    Throwable trace = stackTraceOf(failure);
    if (trace == null) {
      log.warn(message, args);
    } else {
      Object[] withTrace = java.util.Arrays.copyOf(args, args.length + 1);
      withTrace[args.length] = trace;
      log.warn(message, withTrace);
    }
  }
}
