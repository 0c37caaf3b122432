package eu.mlagw.pkg.zip;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.testing.FuzzContract;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;

/**
 * Fuzzes the strict ZIP reader (the plaintext container inside every package) with default
 * limits: once reading every entry's content, once skipping every entry (the reader then skips and
 * verifies on its own). Contract: {@link FuzzContract}. Seeds: containers from the fuzz PKI's sealed
 * packages and hand-made RawZip edge cases (see FuzzSeeds).
 */
class StrictZipReaderFuzzTest {

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void readEveryEntry(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> read(data, true));
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void skipEveryEntry(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> read(data, false));
  }

  private static void read(byte[] data, boolean content) throws Exception {
    try (StrictZipReader zip = new StrictZipReader(new ByteArrayInputStream(data), ZipLimits.defaults())) {
      for (ZipEntryStream e; (e = zip.next()) != null; ) {
        if (content) {
          e.transferTo(OutputStream.nullOutputStream());
        }
      }
    }
  }
}
