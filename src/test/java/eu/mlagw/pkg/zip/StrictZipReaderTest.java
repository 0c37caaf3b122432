package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipTestSupport.assertFails;
import static eu.mlagw.pkg.zip.ZipTestSupport.random;
import static eu.mlagw.pkg.zip.ZipTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class StrictZipReaderTest {

  private static Map<String, byte[]> mixedContent() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("mimetype", "application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
    m.put("text.txt", "evidence ".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
    m.put("random.bin", random(1_200_000, 5));
    m.put("empty.txt", new byte[0]);
    m.put("dir/", new byte[0]);
    m.put("dir/Ünïcödé.txt", "ü".getBytes(StandardCharsets.UTF_8));
    return m;
  }

  /** java.util.zip output: DEFLATED with data descriptors, except a preset STORED mimetype. */
  private static byte[] jdkZip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zos = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey());
        if (e.getKey().equals("mimetype")) {
          ze.setMethod(ZipEntry.STORED);
          ze.setSize(e.getValue().length);
          ze.setCrc(RawZip.crc(e.getValue()));
        }
        zos.putNextEntry(ze);
        zos.write(e.getValue());
        zos.closeEntry();
      }
      zos.setComment("made by java.util.zip");
    }
    return out.toByteArray();
  }

  @Test
  void readerReadsZipOutputStreamDeflatedEntriesWithDataDescriptors() throws Exception {
    Map<String, byte[]> entries = mixedContent();
    byte[] zip = jdkZip(entries);
    List<String> names = new ArrayList<>();
    try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(zip),
        ZipLimits.defaults())) {
      for (ZipEntryStream e; (e = r.next()) != null; ) {
        names.add(e.name());
        if (e.name().equals("mimetype")) {
          assertEquals(ZipEntryStream.STORED, e.method());
          assertEquals(31, e.declaredSize());
        } else {
          assertEquals(ZipEntryStream.DEFLATED, e.method());
          assertEquals(-1, e.declaredSize(), "sizes follow in the data descriptor");
        }
        assertEquals(e.name().endsWith("/"), e.isDirectory());
        assertArrayEquals(entries.get(e.name()), e.readAllBytes(), e.name());
      }
      assertEquals(zip.length, r.bytesRead());
      assertNull(r.next(), "stays at the end");
    }
    assertEquals(new ArrayList<>(entries.keySet()), names);
  }

  @Test
  void readerVerifiesEntriesTheCallerDidNotRead() throws Exception {
    byte[] zip = jdkZip(mixedContent());
    int count = 0;
    try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(zip),
        ZipLimits.defaults())) {
      for (ZipEntryStream e; (e = r.next()) != null; count++) {
        if (count == 2) {
          assertTrue(e.read(new byte[10]) > 0); // partly read, rest skipped by next()
        }
      }
      assertEquals(zip.length, r.bytesRead());
    }
    assertEquals(6, count);
  }

  @Test
  void entryStreamCannotBeReadAfterNextMovedOn() throws Exception {
    byte[] zip = new RawZip().stored("a", new byte[] {1}).stored("b", new byte[] {2}).finish();
    try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(zip),
        ZipLimits.defaults())) {
      ZipEntryStream a = r.next();
      r.next();
      assertThrows(IOException.class, a::read);
    }
  }

  @Test
  void readerReadsSingleBytesAndDeflatedEntriesWithDeclaredSizes() throws Exception {
    byte[] text = "hello deflate".repeat(100).getBytes(StandardCharsets.US_ASCII);
    byte[] zip = new RawZip().deflated("t.txt", text).stored("s", new byte[] {9}).finish();
    try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(zip),
        ZipLimits.defaults())) {
      ZipEntryStream e = r.next();
      assertEquals(text.length, e.declaredSize());
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      for (int b; (b = e.read()) >= 0; ) {
        got.write(b);
      }
      assertArrayEquals(text, got.toByteArray());
      assertEquals(9, r.next().read());
      assertNull(r.next());
    }
  }

  @Test
  void readerAcceptsDataDescriptorWithoutSignature() throws Exception {
    byte[] data = "no signature".getBytes(StandardCharsets.US_ASCII);
    byte[] packed = RawZip.deflate(data);
    long crc = RawZip.crc(data);
    RawZip z = new RawZip();
    z.local("a.txt", RawZip.UTF8 | 8, 8, 0, 0, 0, new byte[0], packed)
        .descriptor(false, crc, packed.length, data.length, false)
        .central("a.txt", RawZip.UTF8 | 8, 8, crc, packed.length, data.length, 0, new byte[0]);
    assertArrayEquals(data, readAll(z.finish()).get("a.txt"));
  }

  @Test
  void readerAcceptsZip64DataDescriptorAfterZip64LocalHeader() throws Exception {
    byte[] data = "wide descriptor".getBytes(StandardCharsets.US_ASCII);
    byte[] packed = RawZip.deflate(data);
    long crc = RawZip.crc(data);
    long max = ZipFormat.MAX32;
    RawZip z = new RawZip();
    z.local("a.txt", RawZip.UTF8 | 8, 8, 0, max, max, RawZip.zip64Extra(0, 0), packed)
        .descriptor(true, crc, packed.length, data.length, true)
        .central("a.txt", RawZip.UTF8 | 8, 8, crc, packed.length, data.length, 0, new byte[0]);
    assertArrayEquals(data, readAll(z.finish()).get("a.txt"));
  }

  @Test
  void readerAcceptsAnEmptyContainer() throws Exception {
    assertEquals(0, readAll(new RawZip().finish()).size());
  }

  @Test
  void readerRejectsDataDescriptorThatDisagreesWithContent() {
    byte[] data = "content".getBytes(StandardCharsets.US_ASCII);
    byte[] packed = RawZip.deflate(data);
    long crc = RawZip.crc(data);
    RawZip z = new RawZip();
    z.local("a.txt", RawZip.UTF8 | 8, 8, 0, 0, 0, new byte[0], packed)
        .descriptor(true, crc, packed.length, data.length + 1, false)
        .central("a.txt", RawZip.UTF8 | 8, 8, crc, packed.length, data.length, 0, new byte[0]);
    assertFails(ReasonCode.MALFORMED, () -> readAll(z.finish()),
        "'a.txt'", "data descriptor", (data.length + 1) + " bytes");
  }

  @Test
  void readerRejectsStoredEntryWithDataDescriptor() {
    byte[] zip = new RawZip().local("a.txt", RawZip.UTF8 | 8, 0, 0, 0, 0, new byte[0],
        new byte[] {1, 2, 3}).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "'a.txt'", "stored with a data"
        + " descriptor");
  }

  @Test
  void readerRejectsEncryptedEntry() {
    byte[] zip = new RawZip().local("a.txt", RawZip.UTF8 | 1, 0, 0, 1, 1, new byte[0],
        new byte[] {1}).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "'a.txt'", "encrypted");
  }

  @Test
  void readerRejectsUnsupportedMethod() {
    byte[] zip = new RawZip().local("a.bz2", RawZip.UTF8, 12, 0, 1, 1, new byte[0],
        new byte[] {1}).finish();
    assertFails(ReasonCode.MALFORMED, () -> readAll(zip), "method 12",
        "allowed: 0 (stored) or 8 (deflated)");
  }

  @Test
  void readerRejectsInputThatIsNoZip() {
    assertFails(ReasonCode.MALFORMED,
        () -> readAll("%PDF-1.7 not a zip".getBytes(StandardCharsets.US_ASCII)),
        "does not start with a ZIP header");
    assertFails(ReasonCode.MALFORMED, () -> readAll(new byte[0]), "container ends early");
  }

  @Test
  void readerReportsIoErrorsOfTheUnderlyingStream() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk on fire");
      }
    };
    assertFails(ReasonCode.IO_ERROR, () -> readAll(failing, ZipLimits.defaults()),
        "disk on fire");
  }

  @Test
  void readerPassesOnGatewayFailuresOfTheUnderlyingStream() {
    GatewayException tampered = new GatewayException(ReasonCode.ENVELOPE_TAMPERED, "tag");
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new GatewayIOException(tampered);
      }
    };
    GatewayException e = assertThrows(GatewayException.class,
        () -> readAll(failing, ZipLimits.defaults()));
    assertEquals(tampered, e);
  }

  @Test
  void readerStopsAtEntryCountLimit() {
    byte[] zip = new RawZip().stored("a", new byte[1]).stored("b", new byte[1])
        .stored("c", new byte[1]).finish();
    assertFails(ReasonCode.TOO_LARGE,
        () -> readAll(new ByteArrayInputStream(zip), new ZipLimits(100, 100, 2, 100)),
        "more than 2 entries");
  }

  @Test
  void readerRejectsDeclaredSizeAboveEntryLimitBeforeReadingIt() {
    byte[] zip = new RawZip().stored("big", new byte[101]).finish();
    assertFails(ReasonCode.TOO_LARGE,
        () -> readAll(new ByteArrayInputStream(zip), new ZipLimits(100, 1000, 10, 100)),
        "'big'", "allowed: at most 100 per entry");
  }

  @Test
  void readerRejectsEntriesAboveTotalLimit() {
    byte[] zip = new RawZip().stored("a", new byte[60]).stored("b", new byte[60]).finish();
    assertFails(ReasonCode.TOO_LARGE,
        () -> readAll(new ByteArrayInputStream(zip), new ZipLimits(100, 100, 10, 100)),
        "'b'", "at most 100 bytes in all entries");
  }

  @Test
  void readerStopsStreamedEntryAtEntryLimitWithoutHandingOutExcessBytes() throws Exception {
    Map<String, byte[]> one = new LinkedHashMap<>();
    one.put("big.bin", random(300_000, 11));
    byte[] zip = jdkZip(one); // deflated, size only in the descriptor
    long[] got = {0};
    assertFails(ReasonCode.TOO_LARGE, () -> {
      try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(zip),
          new ZipLimits(100_000, 1_000_000, 10, 100))) {
        ZipEntryStream e = r.next();
        byte[] buf = new byte[8192];
        try {
          for (int n; (n = e.read(buf)) >= 0; ) {
            got[0] += n;
          }
        } catch (GatewayIOException z) {
          throw z.gatewayException();
        }
      }
    }, "'big.bin'", "allowed: at most 100000 per entry");
    assertTrue(got[0] <= 100_000, "handed out " + got[0]);
  }

  @Test
  void readerStopsDeflatedEntryThatInflatesBeyondItsDeclaredSize() {
    byte[] data = new byte[5000];
    byte[] packed = RawZip.deflate(data);
    byte[] zip = new RawZip().local("liar.bin", RawZip.UTF8, 8, RawZip.crc(data), packed.length,
        1000, new byte[0], packed).finish();
    assertFails(ReasonCode.TOO_LARGE, () -> readAll(zip), "'liar.bin'", "more than the 1000"
        + " bytes its header declares");
  }

  @Test
  void readerRejectsFailedContentAgainOnNext() throws Exception {
    byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
    RawZip z = new RawZip();
    z.local("a.txt", RawZip.UTF8, 0, RawZip.crc(data) ^ 1, 3, 3, new byte[0], data);
    try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(z.finish()),
        ZipLimits.defaults())) {
      ZipEntryStream e = r.next();
      GatewayIOException failure = assertThrows(GatewayIOException.class, e::readAllBytes);
      assertEquals(ReasonCode.MALFORMED, failure.gatewayException().reason());
      assertEquals(failure.gatewayException(), assertThrows(GatewayException.class, r::next));
    }
  }
}
