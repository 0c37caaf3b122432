package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipTestSupport.assertFails;
import static eu.mlagw.pkg.zip.ZipTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One hand-crafted container per attack; each must fail with its exact reason code. */
class StrictZipReaderAttackTest {
  private static final byte[] DATA = "payload".getBytes(StandardCharsets.US_ASCII);

  private static byte[] single(String name) {
    return new RawZip().stored(name, DATA).finish();
  }

  @Test
  void readerRejectsDotDotEntry() {
    assertFails(ReasonCode.PATH_TRAVERSAL, () -> readAll(single("docs/../../etc/cron.d/x")),
        "'docs/../../etc/cron.d/x'", "'..'");
  }

  @Test
  void readerRejectsAbsolutePathEntry() {
    assertFails(ReasonCode.PATH_TRAVERSAL, () -> readAll(single("/etc/passwd")),
        "'/etc/passwd'", "absolute");
  }

  @Test
  void readerRejectsDriveLetterEntry() {
    assertFails(ReasonCode.PATH_TRAVERSAL, () -> readAll(single("C:Windows/x.dll")),
        "drive letter");
  }

  @Test
  void readerRejectsBackslashEntry() {
    assertFails(ReasonCode.PATH_TRAVERSAL, () -> readAll(single("a\\..\\..\\evil.exe")),
        "backslash");
  }

  @Test
  void readerRejectsControlCharacterInName() {
    assertFails(ReasonCode.MALFORMED, () -> readAll(single("a\u0000.txt")), "U+0000",
        "'a\\u0000.txt'");
  }

  @Test
  void readerRejectsNonAsciiNameWithoutUtf8Flag() {
    byte[] zip = new RawZip().localRaw(new byte[] {'a', (byte) 0xe9}, 0, 0, RawZip.crc(DATA),
        DATA.length, DATA.length, new byte[0], DATA).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "non-ASCII", "bit 11");
  }

  @Test
  void readerRejectsInvalidUtf8Name() {
    byte[] zip = new RawZip().localRaw(new byte[] {'a', (byte) 0xc0, (byte) 0xaf}, RawZip.UTF8,
        0, RawZip.crc(DATA), DATA.length, DATA.length, new byte[0], DATA).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "not valid UTF-8");
  }

  @Test
  void readerRejectsDuplicateEntry() {
    byte[] zip = new RawZip().stored("report.pdf", DATA).stored("report.pdf", DATA).finish();
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> readAll(zip), "'report.pdf'", "appears twice");
  }

  @Test
  void readerRejectsCaseInsensitiveDuplicate() {
    byte[] zip = new RawZip().stored("docs/Report.pdf", DATA).stored("DOCS/report.PDF", DATA)
        .finish();
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> readAll(zip), "'docs/Report.pdf'",
        "'DOCS/report.PDF'", "letter case");
  }

  @Test
  void readerRejectsUnicodeNormalizationDuplicate() {
    byte[] zip = new RawZip().stored("caf\u00e9.txt", DATA).stored("cafe\u0301.txt", DATA)
        .finish();
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> readAll(zip), "Unicode normalization");
  }

  @Test
  void readerRejectsFileWhereAFolderIsNeeded() {
    byte[] zip = new RawZip().stored("a", DATA).stored("a/b.txt", DATA).finish();
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> readAll(zip), "needs a folder 'a'");
  }

  @Test
  void readerRejectsFolderEntryWithContent() {
    assertFails(ReasonCode.MALFORMED, () -> readAll(single("dir/")), "'dir/'", "is a folder");
  }

  @Test
  void readerStopsZipBombQuicklyWithLittleMemory() {
    long twoGiB = 2L << 30;
    DeflateBombStream bomb = new DeflateBombStream(twoGiB);
    long[] handedOut = {0};
    long heapBefore = usedHeap();
    GatewayException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        assertThrows(GatewayException.class, () -> {
          try (StrictZipReader r = new StrictZipReader(bomb, ZipLimits.defaults())) {
            ZipEntryStream entry = r.next();
            byte[] buf = new byte[64 * 1024];
            try {
              for (int n; (n = entry.read(buf)) >= 0; ) {
                handedOut[0] += n;
              }
            } catch (GatewayIOException z) {
              throw z.gatewayException();
            }
          }
        }));
    assertEquals(ReasonCode.TOO_LARGE, e.reason(), e::getMessage);
    assertTrue(e.getMessage().contains("'bomb.bin'") && e.getMessage().contains("ratio above 100"),
        e::getMessage);
    // stopped right after the 1 MiB grace: about 1 MiB inflated from a few KiB of input
    assertTrue(handedOut[0] <= ZipLimits.RATIO_GRACE + 64 * 1024, "handed out " + handedOut[0]);
    assertTrue(bomb.pulled() < 256 * 1024, "pulled " + bomb.pulled());
    assertTrue(usedHeap() - heapBefore < 64L << 20, "heap grew by " + (usedHeap() - heapBefore));
  }

  @Test
  void readerRejectsBombWhoseHeaderDeclaresItBeforeInflating() {
    byte[] zeros = new byte[4 << 20];
    byte[] packed = RawZip.deflate(zeros);
    byte[] zip = new RawZip().deflated("bomb.bin", zeros).finish();
    assertFails(ReasonCode.TOO_LARGE, () -> readAll(zip), "'bomb.bin'",
        zeros.length + " bytes from " + packed.length);
  }

  @Test
  void readerRejectsEntryHiddenOnlyInCentralDirectory() {
    RawZip z = new RawZip().stored("visible.txt", DATA);
    long at = z.offset();
    byte[] zip = z.central("hidden.exe", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length,
        DATA.length, at, new byte[0]).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip),
        "central directory lists 'hidden.exe' which no local header has");
  }

  @Test
  void readerRejectsLocalEntryMissingFromCentralDirectory() {
    RawZip z = new RawZip().stored("listed.txt", DATA);
    z.local("unlisted.txt", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length,
        new byte[0], DATA);
    assertFails(ReasonCode.MALFORMED, () -> readAll(z.finish()),
        "'unlisted.txt' is missing from the central directory");
  }

  @Test
  void readerRejectsCentralDirectoryLyingAboutSize() {
    RawZip z = new RawZip();
    z.local("a.txt", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, new byte[0],
        DATA).central("a.txt", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, 999, 0,
        new byte[0]);
    assertFails(ReasonCode.MALFORMED, () -> readAll(z.finish()),
        "central directory says entry 'a.txt' has size 999", "have " + DATA.length);
  }

  @Test
  void readerRejectsCentralDirectoryPointingToAnotherOffset() {
    RawZip z = new RawZip().stored("a.txt", DATA);
    long at = z.offset();
    z.local("b.txt", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, new byte[0],
        DATA).central("b.txt", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, 0,
        new byte[0]);
    assertFails(ReasonCode.MALFORMED, () -> readAll(z.finish()),
        "'b.txt' has local header offset 0", "have " + at);
  }

  @Test
  void readerRejectsCentralDirectoryInAnotherOrder() {
    RawZip z = new RawZip();
    z.local("a", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, new byte[0], DATA);
    long b = z.offset();
    z.local("b", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, new byte[0], DATA);
    z.central("b", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, b, new byte[0]);
    z.central("a", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, 0, new byte[0]);
    assertFails(ReasonCode.MALFORMED, () -> readAll(z.finish()), "another position");
  }

  @Test
  void readerRejectsSymbolicLinkInCentralDirectory() {
    RawZip z = new RawZip();
    z.local("link", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, new byte[0],
        DATA);
    z.central("link", 3 << 8 | 20, RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length,
        0120777L << 16, 0, new byte[0]);
    assertFails(ReasonCode.PATH_TRAVERSAL, () -> readAll(z.finish()), "'link'", "symbolic link");
  }

  @Test
  void readerRejectsFolderAttributeOnFileName() {
    RawZip z = new RawZip();
    z.local("x", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, new byte[0], DATA);
    z.central("x", 20, RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length, DATA.length, 0x10, 0,
        new byte[0]);
    assertFails(ReasonCode.MALFORMED, () -> readAll(z.finish()), "'x'", "marked as a folder");
  }

  @Test
  void readerRejectsUnicodePathExtraField() {
    byte[] extra = new RawZip.Le().i16(0x7075).i16(1).bytes();
    byte[] zip = new RawZip().local("a.txt", RawZip.UTF8, 0, RawZip.crc(DATA), DATA.length,
        DATA.length, Arrays.copyOf(extra, 5), DATA).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "'a.txt'", "0x7075");
  }

  @Test
  void readerRejectsZip64MarkerWithoutZip64Field() {
    byte[] zip = new RawZip().local("a.txt", RawZip.UTF8, 0, RawZip.crc(DATA), ZipFormat.MAX32,
        ZipFormat.MAX32, new byte[0], DATA).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "'a.txt'", "no ZIP64 extra field");
  }

  @Test
  void readerRejectsTrailingGarbageAfterEndRecord() {
    byte[] zip = single("a.txt");
    byte[] longer = Arrays.copyOf(zip, zip.length + 3);
    assertFails(ReasonCode.MALFORMED, () -> readAll(longer), "trailing data",
        "ends at offset " + zip.length);
  }

  @Test
  void readerRejectsEndRecordWithWrongEntryCount() {
    byte[] zip = new RawZip().stored("a.txt", DATA).finish(2, new byte[0]);
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "entry count on this disk 2",
        "archive has 1");
  }

  @Test
  void readerRejectsForgedEndRecordInsideComment() {
    byte[] comment = "xxPK\u0005\u0006fake".getBytes(StandardCharsets.ISO_8859_1);
    byte[] zip = new RawZip().stored("a.txt", DATA).finish(1, comment);
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "comment", "signature");
  }

  @Test
  void readerRejectsTruncatedArchiveAtEveryLength() throws Exception {
    byte[] text = "deflated text ".repeat(50).getBytes(StandardCharsets.US_ASCII);
    byte[] packed = RawZip.deflate(text);
    long crc = RawZip.crc(text);
    RawZip z = new RawZip().stored("mimetype", DATA);
    long at = z.offset();
    z.local("b.txt", RawZip.UTF8 | 8, 8, 0, 0, 0, new byte[0], packed)
        .descriptor(true, crc, packed.length, text.length, false)
        .central("b.txt", RawZip.UTF8 | 8, 8, crc, packed.length, text.length, at, new byte[0]);
    byte[] zip = z.finish(2, "comment".getBytes(StandardCharsets.US_ASCII));
    assertEquals(2, readAll(zip).size());
    for (int cut = 0; cut < zip.length; cut++) {
      byte[] part = Arrays.copyOf(zip, cut);
      GatewayException e = assertThrows(GatewayException.class, () -> readAll(part), "cut " + cut);
      assertEquals(ReasonCode.MALFORMED, e.reason(), "cut " + cut);
      assertTrue(e.getMessage().startsWith("container ends early: "), e::getMessage);
    }
  }

  @Test
  void readerRejectsBadCrc() {
    RawZip z = new RawZip();
    z.local("a.txt", RawZip.UTF8, 0, 0x12345678L, DATA.length, DATA.length, new byte[0], DATA)
        .central("a.txt", RawZip.UTF8, 0, 0x12345678L, DATA.length, DATA.length, 0, new byte[0]);
    assertFails(ReasonCode.MALFORMED, () -> readAll(z.finish()), "'a.txt'",
        "fails its CRC-32 check", "header declares 0x12345678");
  }

  @Test
  void readerRejectsBadCrcEvenWhenContentIsSkipped() {
    RawZip z = new RawZip();
    z.local("a.txt", RawZip.UTF8, 0, 0x12345678L, DATA.length, DATA.length, new byte[0], DATA);
    assertFails(ReasonCode.MALFORMED, () -> {
      try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(z.finish()),
          ZipLimits.defaults())) {
        r.next();
        r.next();
      }
    }, "fails its CRC-32 check");
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
