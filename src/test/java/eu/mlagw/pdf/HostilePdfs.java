package eu.mlagw.pdf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Hand-made PDFs that look like request forms (an AcroForm with {@code subject} and
 * {@code exchangeType}) and attack the reader, named by the attack. Written byte by byte with a
 * correct cross-reference table, so PDFBox takes the direct path rather than its repair parser.
 */
final class HostilePdfs {
  private HostilePdfs() {}

  /** The subject field's value is a Flate stream of {@code inflated} zero bytes (~1/1000 on disk). */
  static byte[] flateBombFieldValue(long inflated) {
    byte[] bomb = deflatedZeros(inflated);
    return pdf(List.of(
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Fields [4 0 R 5 0 R] >>",
        "<< /FT /Tx /T (subject) /V 6 0 R >>",
        "<< /FT /Tx /T (exchangeType) /V (request) >>"),
        bomb);
  }

  /** The subject field's dictionary holds {@code depth} nested arrays. */
  static byte[] nestedArrays(int depth) {
    return pdf(List.of(
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Fields [4 0 R 5 0 R] >>",
        "<< /FT /Tx /T (subject) /V (x) /Junk " + "[".repeat(depth) + "]".repeat(depth) + " >>",
        "<< /FT /Tx /T (exchangeType) /V (request) >>"),
        null);
  }

  static byte[] deflatedZeros(long n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(9), 1 << 16)) {
      byte[] zeros = new byte[1 << 16];
      for (long left = n; left > 0; left -= zeros.length) {
        d.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Objects 1..n as given; if {@code stream} is not null it becomes object n+1, FlateDecode. */
  private static byte[] pdf(List<String> objects, byte[] stream) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> offsets = new ArrayList<>();
    write(out, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
    int n = 0;
    for (String o : objects) {
      offsets.add(out.size());
      write(out, ++n + " 0 obj\n" + o + "\nendobj\n");
    }
    if (stream != null) {
      offsets.add(out.size());
      write(out, ++n + " 0 obj\n<< /Length " + stream.length + " /Filter /FlateDecode >>\nstream\n");
      out.writeBytes(stream);
      write(out, "\nendstream\nendobj\n");
    }
    int xref = out.size();
    StringBuilder x = new StringBuilder("xref\n0 " + (n + 1) + "\n0000000000 65535 f \n");
    for (int off : offsets) {
      x.append(String.format("%010d 00000 n \n", off));
    }
    x.append("trailer\n<< /Size ").append(n + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    write(out, x.toString());
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
