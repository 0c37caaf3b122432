package eu.mlagw.error;

import java.io.IOException;

/**
 * Carries a {@link GatewayException} through {@code InputStream}/{@code OutputStream} methods, which
 * may only throw IOException. Whoever drives the stream unwraps it with {@link #unwrap}.
 */
public final class GatewayIOException extends IOException {
  private final GatewayException gatewayException;

  public GatewayIOException(GatewayException cause) {
    super(cause.toString(), cause);
    this.gatewayException = cause;
  }

  public GatewayException gatewayException() {
    return gatewayException;
  }

  /**
   * Returns the gateway exception inside {@code e} (anywhere in its cause chain), or wraps a plain
   * I/O failure as {@code fallback} with {@code context} prepended.
   */
  public static GatewayException unwrap(IOException e, ReasonCode fallback, String context) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GatewayIOException) {
        return ((GatewayIOException) t).gatewayException;
      }
      if (t instanceof GatewayException) {
        return (GatewayException) t;
      }
    }
    return new GatewayException(fallback, context + ": " + e.getMessage(), e);
  }
}
