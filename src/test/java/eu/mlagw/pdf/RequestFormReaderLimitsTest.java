package eu.mlagw.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9: forms anyone who can write into a drop folder hands the form reader. */
class RequestFormReaderLimitsTest {
  @TempDir Path dir;

  @Test
  void flateBombInAFieldValueIsRefusedTooLargeNotInflated() throws Exception {
    byte[] pdf = HostilePdfs.flateBombFieldValue(256L << 20);
    assertTrue(pdf.length < 400_000, "small on disk: " + pdf.length);
    Path file = Files.write(dir.resolve("flate-bomb-field.pdf"), pdf);
    GatewayException e = assertThrows(GatewayException.class, () -> new RequestFormReader().read(file));
    assertEquals(ReasonCode.TOO_LARGE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("unpacks to more than 67108864 bytes"), e.getMessage());
    // in a drop folder it is simply not the request form
    assertEquals(Optional.empty(), new RequestFormReader().read(new ByteArrayInputStream(pdf), pdf.length));
  }

  @Test
  void fieldValueStreamOverSixtyFourKibibytesIsRefusedNamingTheField() throws Exception {
    Path file = Files.write(dir.resolve("long-field-stream.pdf"), HostilePdfs.flateBombFieldValue(1L << 20));
    GatewayException e = assertThrows(GatewayException.class, () -> new RequestFormReader().read(file));
    assertEquals(ReasonCode.TOO_LARGE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("the field 'subject'") && e.getMessage().contains("put long texts into a document"),
        e.getMessage());
  }

  @Test
  void hundredThousandNestedArraysAreNotAFormAndPrintNoStackTrace() throws Exception {
    Path file = Files.write(dir.resolve("nested-arrays.pdf"), HostilePdfs.nestedArrays(100_000));
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream savedErr = System.err;
    java.io.PrintStream savedOut = System.out;
    System.setErr(new java.io.PrintStream(err, true));
    System.setOut(new java.io.PrintStream(err, true)); // the test logback configuration logs to stdout
    Optional<java.util.Map<String, String>> fields;
    try {
      fields = new RequestFormReader().read(file);
    } finally {
      System.setErr(savedErr);
      System.setOut(savedOut);
    }
    assertEquals(Optional.empty(), fields, "not a readable request form: `form read` refuses it as such");
    assertTrue(!err.toString().contains("\tat "), "no stack trace on stdout or stderr:\n" + err);
  }

  @Test
  void aFormLargerThanSixteenMebibytesIsRefusedBeforeLoading() throws Exception {
    Path file = dir.resolve("huge-form.pdf");
    try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'%'}), RequestFormReader.MAX_FORM_SIZE); // sparse
    }
    GatewayException e = assertThrows(GatewayException.class, () -> new RequestFormReader().read(file));
    assertEquals(ReasonCode.TOO_LARGE, e.reason());
  }
}
