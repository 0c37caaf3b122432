package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under the low-heap execution's small heap: the 16 × 15 MiB bundle is refused, not an OutOfMemoryError. */
@Tag("low-heap")
class LowHeapProofBundleTest {
  @TempDir Path dir;

  @Test
  void sixteenEntriesOf15MiBAreRefusedWithoutRunningOutOfMemory() throws Exception {
    Path bundle = HostileProofBundles.sixteenEventsOf15MiB(dir);
    GatewayException e = assertThrows(GatewayException.class,
        () -> new ProofBundleVerifier().verify(bundle, Optional.empty()));
    assertEquals(ReasonCode.TOO_LARGE, e.reason(), e.toString());
  }
}
