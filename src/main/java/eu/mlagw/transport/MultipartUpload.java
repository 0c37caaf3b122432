package eu.mlagw.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code multipart/form-data} body of a case-system push, written straight from the files
 * (64 KiB at a time, never a whole file in memory) and of a length known in advance, so it can be
 * sent with a fixed Content-Length. Part names and headers are {@link CaseSystemProtocol}'s.
 */
final class MultipartUpload {
  private final String boundary;
  private final List<byte[]> heads = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private final List<Long> sizes = new ArrayList<>();
  private final byte[] close;

  /** The sizes are those the files must have when written (checked while writing). */
  MultipartUpload(PushedExchange exchange, long metadataSize) {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    boundary = "mlagw-" + HexFormat.of().formatHex(random);
    add(CaseSystemProtocol.METADATA_PART, exchange.metadataDocument().getFileName().toString(),
        exchange.metadataMediaType(), "", exchange.metadataDocument(), metadataSize);
    for (PushedDocument d : exchange.documents()) {
      add(CaseSystemProtocol.DOCUMENT_PART, d.name(), d.mediaType(), CaseSystemProtocol.PART_SHA256 + ": " + d.sha256Hex()
          + "\r\n" + CaseSystemProtocol.PART_SIZE + ": " + d.size() + "\r\n", d.file(), d.size());
    }
    close = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private void add(String part, String fileName, String mediaType, String extraHeaders, Path file, long size) {
    String head = (heads.isEmpty() ? "" : "\r\n") + "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"" + part + "\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: " + mediaType + "\r\n" + extraHeaders + "\r\n";
    heads.add(head.getBytes(StandardCharsets.UTF_8));
    files.add(file);
    sizes.add(size);
  }

  /** The Content-Type header value, with the boundary. */
  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** Exact number of bytes {@link #writeTo} writes. */
  long length() {
    long n = close.length;
    for (int i = 0; i < heads.size(); i++) {
      n += heads.get(i).length + sizes.get(i);
    }
    return n;
  }

  /** Writes the body; throws if a file's size changed since it was described. */
  void writeTo(OutputStream out) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (int i = 0; i < heads.size(); i++) {
      out.write(heads.get(i));
      long written = 0;
      try (InputStream in = Files.newInputStream(files.get(i))) {
        for (int n; written <= sizes.get(i) && (n = in.read(buffer)) > 0; written += n) {
          out.write(buffer, 0, (int) Math.min(n, Math.max(0, sizes.get(i) - written)));
        }
      }
      if (written != sizes.get(i)) {
        throw new IOException("the file " + files.get(i) + " changed while it was sent: " + written + " bytes instead of "
            + sizes.get(i));
      }
    }
    out.write(close);
  }
}
