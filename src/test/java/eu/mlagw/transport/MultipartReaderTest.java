package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streaming multipart parser on bodies that try to confuse it, delivered in awkward slices. */
class MultipartReaderTest {
  private static final String B = "mlagw-0123456789abcdef";

  @Test
  void partsWhoseContentLooksLikeABoundaryComeBackExactly() throws Exception {
    byte[] tricky = ("\r\n--" + B.substring(0, 10) + "\r\n-\r\n--mlagw\r\r\n--" + B.substring(0, B.length() - 1) + "X\r")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] random = new byte[200_000];
    new SplittableRandom(3).nextBytes(random);
    byte[] body = body(tricky, random, new byte[0]);
    for (int slice : new int[] {1, 7, 65_536, Integer.MAX_VALUE}) {
      MultipartReader reader = new MultipartReader(sliced(body, slice), B);
      assertArrayEquals(tricky, content(reader.next()), "slice " + slice);
      MultipartReader.Part second = reader.next().orElseThrow();
      assertEquals("file-2.bin", second.disposition("filename").orElseThrow());
      assertEquals("abc", second.headers().get("x-mlagw-sha256"));
      assertArrayEquals(random, second.content().readAllBytes(), "slice " + slice);
      assertArrayEquals(new byte[0], content(reader.next()), "slice " + slice);
      assertTrue(reader.next().isEmpty());
    }
  }

  @Test
  void anUnreadPartIsSkipped() throws Exception {
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body(new byte[] {1, 2}, new byte[] {3})), B);
    reader.next().orElseThrow();
    assertArrayEquals(new byte[] {3}, content(reader.next()));
  }

  @Test
  void aTruncatedBodyIsAnErrorNotAShortPart() throws Exception {
    byte[] body = body(new byte[1000]);
    byte[] cut = java.util.Arrays.copyOf(body, body.length - 20);
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), B);
    InputStream part = reader.next().orElseThrow().content();
    IOException e = assertThrows(IOException.class, part::readAllBytes);
    assertTrue(e.getMessage().contains("ends inside a part"), e.getMessage());
  }

  @Test
  void theBoundaryIsTakenFromTheContentType() {
    assertEquals(Optional.of(B), MultipartReader.boundary("multipart/form-data; boundary=" + B));
    assertEquals(Optional.of(B), MultipartReader.boundary("Multipart/Form-Data;boundary=\"" + B + "\""));
    assertEquals(Optional.empty(), MultipartReader.boundary("application/json"));
  }

  private static byte[] content(Optional<MultipartReader.Part> part) throws IOException {
    return part.orElseThrow().content().readAllBytes();
  }

  private static byte[] body(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < parts.length; i++) {
      out.write(("--" + B + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"file-" + (i + 1)
          + ".bin\"\r\nX-MLAGW-SHA256: abc\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(parts[i]);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(("--" + B + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Returns at most {@code slice} bytes per read, as a slow network would. */
  private static InputStream sliced(byte[] body, int slice) {
    return new FilterInputStream(new ByteArrayInputStream(body)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, slice));
      }
    };
  }
}
