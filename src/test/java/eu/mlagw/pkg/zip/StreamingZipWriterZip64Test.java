package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipTestSupport.random;
import static eu.mlagw.pkg.zip.ZipTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZIP64 paths. A real 4 GiB entry is too slow for every run, so the writer's threshold is lowered
 * (package-private constructor) to force ZIP64 sizes, offsets and end records onto small data;
 * the entry-count path is exercised for real; and one opt-in test streams 4.1 GiB.
 */
class StreamingZipWriterZip64Test {
  @TempDir Path dir;

  @Test
  void zip64FieldsForcedByLowThresholdAreReadByZipFileAndStrictReader() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("mimetype", "application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
    entries.put("big.bin", random(500, 1)); // size >= 100: ZIP64 sizes
    entries.put("after.txt", "later".getBytes(StandardCharsets.US_ASCII)); // offset >= 100
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamingZipWriter w = new StreamingZipWriter(out, 100)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        byte[] c = e.getValue();
        w.addStored(e.getKey(), c.length, RawZip.crc(c), new ByteArrayInputStream(c));
      }
    }
    byte[] zip = out.toByteArray();

    assertEquals(0, ZipFormat.u16(zip, 28), "mimetype stays without extra field");
    int big = 30 + 8 + entries.get("mimetype").length;
    assertEquals(ZipFormat.MAX32, ZipFormat.u32(zip, big + 18), "size deferred to ZIP64");
    assertEquals(20, ZipFormat.u16(zip, big + 28), "local ZIP64 field with both sizes");
    int eocd = zip.length - 22;
    assertEquals(ZipFormat.MAX32, ZipFormat.u32(zip, eocd + 16), "CD offset deferred to ZIP64");
    assertEquals(0x07064b50L, ZipFormat.u32(zip, eocd - 20), "ZIP64 locator");
    assertEquals(0x06064b50L, ZipFormat.u32(zip, eocd - 20 - 56), "ZIP64 end record");

    Map<String, byte[]> read = readAll(zip);
    assertEquals(entries.keySet(), read.keySet());
    entries.forEach((k, v) -> assertArrayEquals(v, read.get(k), k));

    Path file = dir.resolve("z64.zip");
    Files.write(file, zip);
    try (ZipFile zf = new ZipFile(file.toFile())) {
      assertEquals(3, zf.size());
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry ze = zf.getEntry(e.getKey());
        assertEquals(e.getValue().length, ze.getSize());
        assertArrayEquals(e.getValue(), zf.getInputStream(ze).readAllBytes());
      }
    }
  }

  @Test
  void moreThan65535EntriesUseTheZip64EndRecord() throws Exception {
    int count = 70_000;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamingZipWriter w = new StreamingZipWriter(out)) {
      for (int i = 0; i < count; i++) {
        w.addStored("e/" + i, new byte[] {(byte) i});
      }
    }
    byte[] zip = out.toByteArray();
    int eocd = zip.length - 22;
    assertEquals(0xFFFF, ZipFormat.u16(zip, eocd + 10), "count deferred to ZIP64");
    assertEquals(0x06064b50L, ZipFormat.u32(zip, eocd - 20 - 56));

    int seen = 0;
    try (StrictZipReader r = new StrictZipReader(new ByteArrayInputStream(zip),
        new ZipLimits(1 << 20, 1 << 20, 100_000, 100))) {
      for (ZipEntryStream e; (e = r.next()) != null; seen++) {
        assertEquals((byte) seen, (byte) e.read());
      }
      assertEquals(zip.length, r.bytesRead());
    }
    assertEquals(count, seen);

    Path file = dir.resolve("many.zip");
    Files.write(file, zip);
    try (ZipFile zf = new ZipFile(file.toFile())) {
      assertEquals(count, zf.size());
    }
  }

  /** Streams 4.1 GiB writer → pipe → reader, never on disk (~2 s: it runs in every build). */
  @Test
  void entryAbove4GiBStreamsThroughWriterAndReader() throws Exception {
    long size = (1L << 32) + (100L << 20);
    CRC32 pre = new CRC32();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = new PatternStream(size)) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        pre.update(buf, 0, n);
      }
    }
    long crc = pre.getValue();
    Pipe pipe = Pipe.open();
    CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
      try (OutputStream sink = Channels.newOutputStream(pipe.sink());
          StreamingZipWriter w = new StreamingZipWriter(sink)) {
        w.addStored("mimetype", "application/vnd.etsi.asic-e+zip".getBytes(
            StandardCharsets.US_ASCII));
        w.addStored("big.bin", size, crc, new PatternStream(size));
        w.addStored("after.txt", "after".getBytes(StandardCharsets.US_ASCII));
        return w.finish();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try (InputStream source = Channels.newInputStream(pipe.source());
        StrictZipReader r = new StrictZipReader(source, ZipLimits.defaults())) {
      assertEquals("mimetype", r.next().name());
      ZipEntryStream big = r.next();
      assertEquals("big.bin", big.name());
      assertEquals(size, big.declaredSize());
      CRC32 got = new CRC32();
      long total = 0;
      for (int n; (n = big.read(buf)) >= 0; total += n) {
        got.update(buf, 0, n);
      }
      assertEquals(size, total);
      assertEquals(crc, got.getValue());
      ZipEntryStream after = r.next();
      assertEquals("after.txt", after.name());
      assertArrayEquals("after".getBytes(StandardCharsets.US_ASCII), after.readAllBytes());
      assertNull(r.next());
      assertEquals(writer.join(), r.bytesRead());
    }
  }
}
