package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;

/** Checks and probes shared by the push clients. */
final class Uploads {
  private Uploads() {}

  /**
   * Checks that the metadata and every document file is readable and of its declared size;
   * returns the metadata's size.
   *
   * @throws GatewayException INPUT_INVALID naming the file
   */
  static long checkFiles(PushedExchange exchange) throws GatewayException {
    long metadataSize = size(exchange, exchange.metadataDocument(), "metadata document");
    for (PushedDocument d : exchange.documents()) {
      long actual = size(exchange, d.file(), "document " + d.name());
      if (actual != d.size()) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "exchange " + exchange.exchangeId() + ": document "
            + d.name() + " is declared with " + d.size() + " bytes but " + d.file() + " has " + actual
            + "; push the file as released into the inbox");
      }
    }
    return metadataSize;
  }

  private static long size(PushedExchange exchange, Path file, String what) throws GatewayException {
    try {
      if (Files.isRegularFile(file) && Files.isReadable(file)) {
        return Files.size(file);
      }
    } catch (IOException e) {
      // reported below
    }
    throw new GatewayException(ReasonCode.INPUT_INVALID, "exchange " + exchange.exchangeId() + ": the " + what
        + " file " + file + " does not exist or is not readable");
  }

  /** Whether the endpoint refuses our client certificate, on a connection of its own. */
  static TlsRefusalProbe.Verdict probe(PushEndpoint endpoint, TlsMaterial material, Duration connectTimeout) {
    try {
      return TlsRefusalProbe.probe(endpoint.url(), material.sslContext(),
          (int) Math.min(connectTimeout.toMillis(), 10_000));
    } catch (GeneralSecurityException e) {
      return TlsRefusalProbe.Verdict.UNREACHABLE;
    }
  }
}
