package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipTestSupport.assertFails;
import static eu.mlagw.pkg.zip.ZipTestSupport.random;
import static eu.mlagw.pkg.zip.ZipTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingZipWriterTest {
  private static final byte[] MIMETYPE =
      "application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  /** Writes the sample entries: mimetype first, folders, an empty entry, a streamed entry. */
  private static Map<String, byte[]> sample() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("mimetype", MIMETYPE);
    m.put("META-INF/", new byte[0]);
    m.put("META-INF/manifest.xml", "<manifest/>".getBytes(StandardCharsets.UTF_8));
    m.put("documents/Zeugenaussage Müller – 2024.pdf", random(300_000, 1));
    m.put("documents/empty.bin", new byte[0]);
    return m;
  }

  private static byte[] write(Map<String, byte[]> entries) throws GatewayException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamingZipWriter w = new StreamingZipWriter(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        byte[] c = e.getValue();
        if (c.length > 1000) { // the pre-pass path, as used for documents on disk
          w.addStored(e.getKey(), c.length, RawZip.crc(c), new ByteArrayInputStream(c));
        } else {
          w.addStored(e.getKey(), c);
        }
      }
      w.finish();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  @Test
  void writerOutputRoundTripsThroughStrictReader() throws Exception {
    Map<String, byte[]> entries = sample();
    entries.put("zero-mimetype-like", new byte[0]);
    Map<String, byte[]> read = readAll(write(entries));
    assertEquals(new ArrayList<>(entries.keySet()), new ArrayList<>(read.keySet()));
    for (String name : entries.keySet()) {
      assertArrayEquals(entries.get(name), read.get(name), name);
    }
  }

  @Test
  void writerRoundTripsZeroByteMimetype() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("mimetype", new byte[0]);
    entries.put("a.txt", "a".getBytes(StandardCharsets.US_ASCII));
    Map<String, byte[]> read = readAll(write(entries));
    assertEquals(0, read.get("mimetype").length);
    assertArrayEquals(entries.get("a.txt"), read.get("a.txt"));
  }

  @Test
  void zipFileAndZipInputStreamOpenWriterOutput() throws Exception {
    Map<String, byte[]> entries = sample();
    Path file = dir.resolve("c.zip");
    Files.write(file, write(entries));
    try (ZipFile zf = new ZipFile(file.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e : Collections.list(zf.entries())) {
        names.add(e.getName());
        assertEquals(ZipEntry.STORED, e.getMethod());
        byte[] content = zf.getInputStream(e).readAllBytes();
        assertArrayEquals(entries.get(e.getName()), content, e.getName());
        assertEquals(RawZip.crc(content), e.getCrc());
      }
      assertEquals(new ArrayList<>(entries.keySet()), names);
    }
    try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
      int n = 0;
      for (ZipEntry e; (e = zin.getNextEntry()) != null; n++) {
        assertArrayEquals(entries.get(e.getName()), zin.readAllBytes(), e.getName());
      }
      assertEquals(entries.size(), n);
    }
  }

  @Test
  void mimetypeIsFirstStoredAndHasNoExtraField() throws Exception {
    byte[] zip = write(sample());
    assertEquals(0x04034b50L, ZipFormat.u32(zip, 0));
    assertEquals(ZipFormat.STORED, ZipFormat.u16(zip, 8));
    assertEquals(8, ZipFormat.u16(zip, 26)); // name length
    assertEquals(0, ZipFormat.u16(zip, 28)); // extra field length
    assertEquals("mimetype", new String(zip, 30, 8, StandardCharsets.US_ASCII));
    assertEquals(new String(MIMETYPE, StandardCharsets.US_ASCII),
        new String(zip, 38, MIMETYPE.length, StandardCharsets.US_ASCII));
  }

  @Test
  void writerOutputIsDeterministic() throws Exception {
    assertArrayEquals(write(sample()), write(sample()));
  }

  @Test
  void writerReportsDocumentChangedWhenContentDiffersFromPrePass() {
    byte[] before = random(200_000, 7);
    byte[] after = before.clone();
    after[123_456] ^= 1;
    StreamingZipWriter w = new StreamingZipWriter(new ByteArrayOutputStream());
    assertFails(ReasonCode.DOCUMENT_CHANGED,
        () -> w.addStored("doc.pdf", before.length, RawZip.crc(before),
            new ByteArrayInputStream(after)),
        "'doc.pdf'", "CRC-32", "Seal again");
  }

  @Test
  void writerReportsDocumentChangedWhenDocumentShrank() {
    byte[] before = random(100_000, 8);
    StreamingZipWriter w = new StreamingZipWriter(new ByteArrayOutputStream());
    assertFails(ReasonCode.DOCUMENT_CHANGED,
        () -> w.addStored("doc.pdf", before.length, RawZip.crc(before),
            new ByteArrayInputStream(before, 0, 99_000)),
        "shorter", "100000", "99000");
  }

  @Test
  void writerReportsDocumentChangedWhenDocumentGrew() {
    byte[] before = random(100_000, 9);
    byte[] grown = java.util.Arrays.copyOf(before, 100_001);
    StreamingZipWriter w = new StreamingZipWriter(new ByteArrayOutputStream());
    assertFails(ReasonCode.DOCUMENT_CHANGED,
        () -> w.addStored("doc.pdf", before.length, RawZip.crc(before),
            new ByteArrayInputStream(grown)),
        "longer", "100000");
  }

  @Test
  void writerIsSpentAfterFailureAndCloseAppendsNoCentralDirectory() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamingZipWriter w = new StreamingZipWriter(out);
    w.addStored("mimetype", MIMETYPE);
    assertThrows(GatewayException.class,
        () -> w.addStored("doc", 10, 0, new ByteArrayInputStream(new byte[10])));
    long written = w.bytesWritten();
    w.close();
    assertThrows(IllegalStateException.class, () -> w.addStored("x", new byte[0]));
    assertThrows(IllegalStateException.class, w::finish);
    assertEquals(written, w.bytesWritten());
    // whatever reached the stream is not a valid container
    assertThrows(GatewayException.class, () -> readAll(out.toByteArray()));
  }

  @Test
  void closeFinishesButLeavesUnderlyingStreamOpen() throws Exception {
    boolean[] closed = {false};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FilterOutputStream out = new FilterOutputStream(bytes) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    try (StreamingZipWriter w = new StreamingZipWriter(out)) {
      w.addStored("a.txt", new byte[] {1, 2, 3});
    }
    assertFalse(closed[0]);
    assertEquals(1, readAll(bytes.toByteArray()).size());
  }

  @Test
  void writerRejectsNamesTheReaderWouldRefuse() {
    assertFails(ReasonCode.PATH_TRAVERSAL,
        () -> new StreamingZipWriter(new ByteArrayOutputStream()).addStored("../x", new byte[0]),
        "'..'");
    StreamingZipWriter w = new StreamingZipWriter(new ByteArrayOutputStream());
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> {
      w.addStored("Report.pdf", new byte[1]);
      w.addStored("report.PDF", new byte[1]);
    }, "'Report.pdf'", "'report.PDF'", "letter case");
  }

  @Test
  void sizeAndCrc32DescribeTheFile() throws Exception {
    byte[] content = random(150_001, 3);
    Path file = dir.resolve("doc.bin");
    Files.write(file, content);
    CRC32 crc = new CRC32();
    crc.update(content);
    assertEquals(new SizeAndCrc(content.length, crc.getValue()),
        StreamingZipWriter.sizeAndCrc32(file));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamingZipWriter w = new StreamingZipWriter(out);
        InputStream in = Files.newInputStream(file)) {
      SizeAndCrc s = StreamingZipWriter.sizeAndCrc32(file);
      assertEquals(content.length, w.addStored("doc.bin", s.size(), s.crc32(), in));
    }
    assertArrayEquals(content, readAll(out.toByteArray()).get("doc.bin"));
    assertFails(ReasonCode.IO_ERROR,
        () -> StreamingZipWriter.sizeAndCrc32(dir.resolve("missing")), "missing");
  }
}
