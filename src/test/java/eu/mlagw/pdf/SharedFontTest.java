package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.metadata.MetadataFixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One parsed font per JVM, shared by threads that render at the same time. */
class SharedFontTest {
  @Test
  void everyThreadGetsTheSameParsedFont() throws Exception {
    SharedFont font = new SharedFont("/fonts/DejaVuSans.ttf");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Object>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(pool.submit(() -> (Object) font.get()));
      }
      for (Future<Object> f : got) {
        assertSame(got.get(0).get(), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Cover sheets (Cyrillic and Latin text, subset fonts) rendered by 8 threads at once with the
   * shared fonts are the same as one rendered alone (but for the trailer's /ID, which PDFBox derives
   * from the time): no thread saw another's glyphs, widths or subset. (Without the tables read
   * before publishing, three runs did not show fontbox's lazy-read race either: that guard follows
   * from reading fontbox, this test guards the sharing as a whole.)
   */
  @Test
  void coverSheetsRenderedConcurrentlyAreIdenticalToOneRenderedAlone() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<byte[]>> rendered = new ArrayList<>();
    try {
      for (int i = 0; i < threads * 4; i++) {
        String language = i % 2 == 0 ? "sr-Cyrl" : "sq";
        rendered.add(pool.submit(() -> {
          start.await();
          return coverSheet(language);
        }));
      }
      start.countDown();
      byte[] cyrillic = coverSheet("sr-Cyrl");
      byte[] albanian = coverSheet("sq");
      for (int i = 0; i < rendered.size(); i++) {
        assertEquals(withoutId(i % 2 == 0 ? cyrillic : albanian), withoutId(rendered.get(i).get()), "rendering " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The PDF as Latin-1 text without its trailer /ID. */
  private static String withoutId(byte[] pdf) {
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    String without = text.replaceAll("/ID \\[<[0-9A-F]+> ?<[0-9A-F]+>\\]", "");
    assertTrue(without.length() < text.length(), "the /ID was found and removed");
    return without;
  }

  private static byte[] coverSheet(String language) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CoverSheetWriter(MetadataFixtures.mappings()).write(MetadataFixtures.fullRequest(), language,
        Instant.parse("2026-11-28T10:15:30Z"), out);
    return out.toByteArray();
  }
}
