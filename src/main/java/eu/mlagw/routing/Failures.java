package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.Set;

/**
 * Failures are classified once, here: <em>final</em> — the input is wrong or was refused; sending it
 * again cannot help, so the exchange ends in failed/ with a rejection or non-delivery — or
 * <em>transient</em> — the other side, the disk or the memory; the same exchange is tried again
 * until the delivery deadline. Anything the code did not expect is transient: an unexplained
 * exception must never end an exchange the recipient may already hold.
 */
public final class Failures {
  /** Reason codes that say "not now" rather than "not this". */
  static final Set<ReasonCode> TRANSIENT = Set.of(ReasonCode.PEER_UNREACHABLE, ReasonCode.BUSY, ReasonCode.IO_ERROR,
      ReasonCode.TSA_UNAVAILABLE);

  private Failures() {}

  public static boolean isTransient(Throwable failure) {
    if (failure instanceof GatewayException g) {
      return TRANSIENT.contains(g.reason());
    }
    return true; // NullPointerException, IllegalStateException, OutOfMemoryError...: not the input's fault
  }

  /** The reason code a failure is recorded with. */
  public static ReasonCode reasonOf(Throwable failure) {
    return failure instanceof GatewayException g ? g.reason() : ReasonCode.IO_ERROR;
  }

  /** The failure's own words, without a stack trace, for logs and status files. */
  public static String describe(Throwable failure) {
    if (failure instanceof GatewayException) {
      return failure.getMessage();
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "unexpected " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
