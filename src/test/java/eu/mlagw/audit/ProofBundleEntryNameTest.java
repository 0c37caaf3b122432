package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Found by ProofBundleVerifierFuzzTest: an entry name that is not UTF-8 escaped as IllegalArgumentException. */
class ProofBundleEntryNameTest {
  @TempDir Path dir;

  @Test
  void bundleWithAnEntryNameThatIsNotUtf8IsRefusedAsInputInvalid() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("checkpoint.txt"));
      zip.write(new byte[] {1});
      zip.closeEntry();
    }
    byte[] bundle = bytes.toByteArray();
    // the UTF-8 flag is set by ZipOutputStream; make the name's first byte an invalid UTF-8 lead byte
    // in the local header (offset 30) and the central directory entry
    bundle[30] = (byte) 0xff;
    for (int i = bundle.length - 22 - 46 - 14; i < bundle.length - 22; i++) {
      if (bundle[i] == 'c' && bundle[i + 1] == 'h' && bundle[i + 2] == 'e') {
        bundle[i] = (byte) 0xff;
        break;
      }
    }
    Path file = Files.write(dir.resolve("bundle.zip"), bundle);
    GatewayException e = assertThrows(GatewayException.class,
        () -> new ProofBundleVerifier().verify(file, Optional.empty()));
    assertEquals(ReasonCode.INPUT_INVALID, e.reason());
    assertTrue(e.getMessage().contains("an entry name is not valid UTF-8"), e.getMessage());
  }
}
