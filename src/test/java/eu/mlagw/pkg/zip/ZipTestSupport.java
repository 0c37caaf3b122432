package eu.mlagw.pkg.zip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers of the ZIP tests. */
final class ZipTestSupport {
  private ZipTestSupport() {}

  /** Reads a whole container with default limits; entry name to content, in order. */
  static Map<String, byte[]> readAll(byte[] zip) throws GatewayException, IOException {
    return readAll(new ByteArrayInputStream(zip), ZipLimits.defaults());
  }

  static Map<String, byte[]> readAll(InputStream in, ZipLimits limits)
      throws GatewayException, IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (StrictZipReader reader = new StrictZipReader(in, limits)) {
      for (ZipEntryStream e; (e = reader.next()) != null; ) {
        try {
          out.put(e.name(), e.readAllBytes());
        } catch (GatewayIOException z) {
          throw z.gatewayException();
        }
      }
    }
    return out;
  }

  /** Asserts the failure's reason code and that its message contains every fragment. */
  static GatewayException assertFails(ReasonCode reason, Executable action, String... fragments) {
    GatewayException e = assertThrows(GatewayException.class, action);
    assertEquals(reason, e.reason(), e::getMessage);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
    }
    return e;
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
