package eu.mlagw.pkg.zip;

import eu.mlagw.error.GatewayException;
import java.io.IOException;

/**
 * Carries a {@link GatewayException} through a method that may only throw {@link IOException}:
 * {@link ZipEntryStream#read} and {@link StreamingZipWriter#close}. Callers unwrap it with {@link
 * #failure()} to report the reason code.
 */
public final class ZipStreamException extends IOException {
  private final GatewayException failure;

  /** Wraps the failure; message and cause are the failure's. */
  public ZipStreamException(GatewayException failure) {
    super(failure.toString(), failure);
    this.failure = failure;
  }

  /** The failure with its reason code and operator message. */
  public GatewayException failure() {
    return failure;
  }
}
