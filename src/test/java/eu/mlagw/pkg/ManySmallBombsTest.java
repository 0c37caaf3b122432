package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.zip.RawZip;
import eu.mlagw.testing.ContainerForge;
import eu.mlagw.testing.PackageFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 150 deflated entries of 1 MiB − 1 byte each: every one stays below the per-entry ratio grace, yet
 * together they expand 169 KiB into 150 MiB. The container as a whole is judged, so the opener
 * stages at most the container grace (16 MiB) plus one copy buffer before it refuses TOO_LARGE.
 */
class ManySmallBombsTest {
  private static final PackageFixture F = new PackageFixture();
  private static final int ENTRIES = 150;
  private static final int ENTRY_SIZE = (1 << 20) - 1;
  @TempDir Path dir;

  @Test
  void oneHundredFiftyDeflatedEntriesJustBelowTheGraceAreRefusedBeforeTheyAreStaged() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    RawZip zip = new RawZip().stored("mimetype", PackageSealer.MIMETYPE.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .stored(PackageMetadata.ENTRY, forge.metadataXml());
    byte[] zeros = new byte[ENTRY_SIZE];
    for (int i = 0; i < ENTRIES; i++) {
      zip.deflated(String.format("documents/bomb-%03d.bin", i), zeros);
    }
    zip.stored(AsicManifest.ENTRY, manifest).stored(AsicManifest.SIGNATURE_ENTRY,
        ContainerForge.sign(manifest, F.sender.seal()));
    Path p = ContainerForge.envelope(zip.finish(), F.recipient.encryption().certificate(), dir.resolve("bombs.p7m"));
    assertTrue(Files.size(p) < 400 << 10, "the attack is small on the wire: " + Files.size(p));

    AtomicLong peak = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      while (!done.get()) {
        peak.accumulateAndGet(stagedBytes(), Math::max);
      }
    });
    watcher.start();
    Path out = dir.resolve("opened");
    GatewayException e;
    try {
      e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(GatewayException.class,
          () -> F.opener().open(p, F.recipient.id(), F.recipient.encryption(), out, ProgressListener.NONE)));
    } finally {
      done.set(true);
      watcher.join();
    }
    assertEquals(ReasonCode.TOO_LARGE, e.reason(), e.toString());
    assertTrue(e.getMessage().contains("ratio above 100") && e.getMessage().contains("whole container"),
        e.getMessage());
    long limit = (16L << 20) + (1 << 20); // ZipLimits.CONTAINER_RATIO_GRACE plus one copy buffer
    assertTrue(peak.get() <= limit, "staged " + peak.get() + " bytes; allowed " + limit);
    assertFalse(Files.exists(out));
    assertEquals(0, stagedBytes(), "staging removed");
  }

  private long stagedBytes() {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(f -> f.toString().contains(".opening-") && Files.isRegularFile(f)).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException gone) {
          return 0;
        }
      }).sum();
    } catch (IOException | java.io.UncheckedIOException racing) {
      return 0;
    }
  }
}
