package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.PackageFixture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealer reads each document twice (a CRC-32 pre-pass, then the copy, hashed on a read-ahead
 * thread): a document that differs between the two reads must fail the seal, never produce a package.
 */
class PackageSealerTest {
  private static final PackageFixture F = new PackageFixture();
  @TempDir Path dir;

  /** A document whose first open gives {@code first} and every later open gives {@code later}. */
  private static DocumentSource changing(byte[] first, byte[] later) {
    AtomicInteger opens = new AtomicInteger();
    return new DocumentSource(Path.of("evidence.bin"), "evidence.bin", "application/octet-stream",
        () -> new ByteArrayInputStream(opens.getAndIncrement() == 0 ? first : later));
  }

  private SealedPackage seal(DocumentSource doc, ProgressListener progress) throws GatewayException {
    return new PackageSealer(new DetachedSigner(F.sender.seal())).seal(new SealRequest(F.sender.id(),
        List.of(F.recipient.id()), List.of(F.recipient.encryption().certificate()), List.of(doc), "test"),
        dir.resolve("package.p7m"), progress);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void sealRefusesADocumentThatGrewAfterThePrePass() {
    byte[] content = random(3_000_000, 1);
    byte[] longer = java.util.Arrays.copyOf(content, content.length + 1);
    GatewayException e = assertThrows(GatewayException.class, () -> seal(changing(content, longer), ProgressListener.NONE));
    assertEquals(ReasonCode.DOCUMENT_CHANGED, e.reason());
    assertFalse(Files.exists(dir.resolve("package.p7m")));
  }

  @Test
  void sealRefusesADocumentThatShrankAfterThePrePass() {
    byte[] content = random(3_000_000, 2);
    byte[] shorter = java.util.Arrays.copyOf(content, content.length - 1);
    GatewayException e = assertThrows(GatewayException.class, () -> seal(changing(content, shorter), ProgressListener.NONE));
    assertEquals(ReasonCode.DOCUMENT_CHANGED, e.reason());
    assertFalse(Files.exists(dir.resolve("package.p7m")));
  }

  @Test
  void sealRefusesADocumentWhoseBytesChangedAfterThePrePass() {
    byte[] content = random(3_000_000, 3);
    byte[] edited = content.clone();
    edited[2_500_000] ^= 1;
    GatewayException e = assertThrows(GatewayException.class, () -> seal(changing(content, edited), ProgressListener.NONE));
    assertEquals(ReasonCode.DOCUMENT_CHANGED, e.reason());
    assertFalse(Files.exists(dir.resolve("package.p7m")));
  }

  @Test
  void manifestDigestOfADocumentHashedOnTheReadAheadThreadMatchesItsContent() throws Exception {
    byte[] content = random(5_000_000, 4); // several read-ahead blocks
    AtomicLong lastProgress = new AtomicLong();
    seal(changing(content, content), (done, total) -> lastProgress.set(done));
    assertEquals(content.length, lastProgress.get(), "progress reaches the total");
    OpenedPackage opened = F.opener().open(dir.resolve("package.p7m"), F.recipient.id(), F.recipient.encryption(),
        dir.resolve("opened"), ProgressListener.NONE);
    assertArrayEquals(content, Files.readAllBytes(opened.directory().resolve("documents/evidence.bin")));
    // open() checks every manifest digest against the content; the report shows the one it checked
    String report = Files.readString(opened.directory().resolve(VerificationReport.TEXT_FILE));
    String digest = PackageOpener.hex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    assertTrue(report.contains(digest), "the manifest carries the document's SHA-256:\n" + report);
  }
}
