package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.cli.Mlagw;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof bundles sized to exhaust the heap are refused by their entries' sizes while inflating,
 * before anything is parsed: TOO_LARGE naming the limit, or MALFORMED for entries the format lacks.
 */
class HostileProofBundleTest {
  @TempDir Path dir;

  private GatewayException refused(Path bundle, ReasonCode expected) {
    GatewayException e = assertThrows(GatewayException.class,
        () -> new ProofBundleVerifier().verify(bundle, Optional.empty()));
    assertEquals(expected, e.reason(), e.toString());
    return e;
  }

  @Test
  void sixteenEventsOf15MiBAreTooLarge() throws Exception {
    Path bundle = HostileProofBundles.sixteenEventsOf15MiB(dir);
    assertTrue(Files.size(bundle) < 400_000, "small on disk: " + Files.size(bundle));
    GatewayException e = refused(bundle, ReasonCode.TOO_LARGE);
    assertTrue(e.getMessage().contains("events/000000000001.json is larger than 1048576 bytes"), e.getMessage());

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Mlagw.run(new PrintWriter(out, true), new PrintWriter(err, true), "audit", "verify-proof", bundle.toString());
    assertEquals(1, code);
    assertTrue(err.toString().startsWith("ERROR TOO_LARGE:"), err.toString());
  }

  @Test
  void sixteenEntriesOf15MiBTheFormatDoesNotHaveAreMalformed() throws Exception {
    Path bundle = HostileProofBundles.zeros(dir.resolve("padding.zip"), 16, 15 << 20, i -> "padding/" + i + ".bin");
    GatewayException e = refused(bundle, ReasonCode.MALFORMED);
    assertTrue(e.getMessage().contains("'padding/0.bin'"), e.getMessage());
  }

  @Test
  void fortyEventsOf1MiBExceedTheTotal() throws Exception {
    Path bundle = HostileProofBundles.zeros(dir.resolve("forty.zip"), 40, 1 << 20, i -> ProofBundle.eventFile(i + 1));
    GatewayException e = refused(bundle, ReasonCode.TOO_LARGE);
    assertTrue(e.getMessage().contains("more than " + (32 << 20) + " bytes together"), e.getMessage());
  }

  @Test
  void aBundleFileAbove32MiBIsRefusedBeforeItIsRead() throws Exception {
    Path big = dir.resolve("big.zip");
    try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[1]), (32L << 20) + 1); // sparse
    }
    GatewayException e = refused(big, ReasonCode.TOO_LARGE);
    assertTrue(e.getMessage().contains("the file has"), e.getMessage());
  }
}
