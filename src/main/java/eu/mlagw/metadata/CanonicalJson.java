package eu.mlagw.metadata;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;

/** The canonical request as pretty-printed JSON (the same tree profile sources address), for people and tools. */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static void write(CanonicalRequest request, OutputStream out) throws GatewayException {
    try {
      CanonicalTree.JSON.writerWithDefaultPrettyPrinter().without(
          com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, CanonicalTree.of(request));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write JSON: " + e.getMessage(), e);
    }
  }
}
