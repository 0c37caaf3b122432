package eu.mlagw.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Exchanges to push, made of real files, and what the push tests check on the receiving folder. */
final class PushFixture {
  private PushFixture() {}

  /** An exchange with a JSON metadata document and documents of the given sizes (pseudo-random bytes). */
  static PushedExchange exchange(Path dir, String exchangeId, long... sizes) throws Exception {
    Path source = Files.createDirectories(dir.resolve("source-" + exchangeId));
    Path metadata = Files.writeString(source.resolve("metadata.json"),
        "{\"exchange\": \"" + exchangeId + "\", \"court\": \"Osnovni sud u Beogradu\", \"subject\": \"Замолница\"}");
    List<PushedDocument> documents = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      Path file = source.resolve("document-" + (i + 1) + ".pdf");
      writePseudoRandom(file, sizes[i], i + 1);
      documents.add(new PushedDocument("Zahtev " + (i + 1) + " – molba.pdf", "application/pdf", sizes[i], sha256(file), file));
    }
    return new PushedExchange(exchangeId, "PO-A", "COURT-B", "application/json", metadata, documents);
  }

  /** Incompressible, generated block by block: never more than 1 MiB in memory. */
  static void writePseudoRandom(Path file, long size, long seed) throws IOException {
    byte[] block = new byte[1 << 20];
    SplittableRandom random = new SplittableRandom(seed);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; ) {
        for (int i = 0; i < block.length; i += 8) {
          long v = random.nextLong();
          for (int b = 0; b < 8; b++) {
            block[i + b] = (byte) (v >>> (8 * b));
          }
        }
        int n = (int) Math.min(block.length, size - written);
        out.write(block, 0, n);
        written += n;
      }
    }
  }

  static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Every file under {@code folder}, relative, sorted (hidden ones included). */
  static List<String> filesUnder(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  static CaseSystemSimulator.Builder caseSystem(PeerFixture f, Path folder) {
    return CaseSystemSimulator.builder()
        .listen(PeerFixture.HOST, 0)
        .tlsCredential(f.receiverTls)
        .trustedRoots(List.of(f.pki.rootCertificate()))
        .admittedClients(List.of(f.senderTls.certificate()))
        .folder(folder);
  }

  static CaseSystemClient caseClient(PeerFixture f, eu.mlagw.crypto.Credential tls) throws Exception {
    return CaseSystemClient.builder()
        .tlsCredential(tls)
        .trustedRoots(List.of(f.pki.rootCertificate()))
        .connectTimeout(Duration.ofSeconds(5))
        .receiveTimeout(Duration.ofSeconds(30))
        .build();
  }

  static AgencyEndpointSimulator.Builder agency(PeerFixture f, Path folder) throws IOException {
    return AgencyEndpointSimulator.builder()
        .listen(PeerFixture.HOST, PeerFixture.freePort())
        .tlsCredential(f.receiverTls)
        .trustedRoots(List.of(f.pki.rootCertificate()))
        .admittedClients(List.of(f.senderTls.certificate()))
        .folder(folder);
  }

  static AgencyClient agencyClient(PeerFixture f, eu.mlagw.crypto.Credential tls) throws Exception {
    return AgencyClient.builder()
        .tlsCredential(tls)
        .trustedRoots(List.of(f.pki.rootCertificate()))
        .connectTimeout(Duration.ofSeconds(5))
        .receiveTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** An exchange whose metadata document is agency-format XML. */
  static PushedExchange agencyExchange(Path dir, String exchangeId, long... sizes) throws Exception {
    PushedExchange e = exchange(dir, exchangeId, sizes);
    Path xml = Files.writeString(e.metadataDocument().resolveSibling("agency.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<zahtev xmlns=\"urn:example:agency\"><predmet>Замолница "
            + exchangeId + "</predmet></zahtev>\n");
    return new PushedExchange(e.exchangeId(), e.sender(), "AGENCY-C", "application/xml", xml, e.documents());
  }
}
