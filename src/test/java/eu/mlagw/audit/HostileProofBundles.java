package eu.mlagw.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Proof bundles built to exhaust memory: small on disk, huge once inflated. */
final class HostileProofBundles {
  private HostileProofBundles() {}

  /** {@code count} deflated entries of {@code size} zero bytes each, named by {@code name(i)}. */
  static Path zeros(Path out, int count, int size, java.util.function.IntFunction<String> name) throws IOException {
    byte[] chunk = new byte[1 << 20];
    try (OutputStream file = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.setLevel(9);
      for (int i = 0; i < count; i++) {
        zip.putNextEntry(new ZipEntry(name.apply(i)));
        for (int left = size; left > 0; left -= chunk.length) {
          zip.write(chunk, 0, Math.min(left, chunk.length));
        }
        zip.closeEntry();
      }
    }
    return out;
  }

  /** The report's attack: 16 × 15 MiB (a ~250 KB file), here as events. */
  static Path sixteenEventsOf15MiB(Path dir) throws IOException {
    return zeros(dir.resolve("sixteen-events-of-15-mib.zip"), 16, 15 << 20, i -> ProofBundle.eventFile(i + 1));
  }
}
