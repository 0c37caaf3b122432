package eu.mlagw.pkg;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.EnvelopeOutputStream;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.zip.StreamingZipWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Seals documents into a package file in one streaming pass: an ASiC-E container (mimetype,
 * metadata.xml, documents/..., the manifest with every SHA-256, the CAdES signature over the
 * manifest) encrypted as it is written into AES-256-GCM envelope segments for the recipients.
 *
 * <p>Guarantees: memory stays bounded whatever the document sizes; the output appears under its
 * final name only when complete (written to a temporary sibling, forced to disk, renamed); a
 * document that changes while being sealed fails with DOCUMENT_CHANGED instead of producing a
 * package whose manifest disagrees with its content. Each document is read and hashed on a
 * background thread while the calling thread encrypts and writes (two cores, as OpenSSL's
 * sign | encrypt pipeline uses two processes), so the progress listener is called from that thread.
 * Thread-safe if the signer is.
 */
public final class PackageSealer {
  /** The canonical request (urn:mlagw:request:1), when the sender's gateway provides one. */
  public static final String REQUEST_ENTRY = "request.xml";
  public static final String MIMETYPE = "application/vnd.etsi.asic-e+zip";
  public static final String DOCUMENTS_PREFIX = "documents/";
  private static final int COPY_BUFFER = 1 << 20;
  private static final int READ_AHEAD_BLOCK = 1 << 20;
  private static final int READ_AHEAD_DEPTH = 4;

  private final DetachedSigner signer;
  private final Clock clock;
  private final SecureRandom random;
  private final long segmentSize;

  public PackageSealer(DetachedSigner signer, Clock clock, SecureRandom random, long segmentSize) {
    this.signer = signer;
    this.clock = clock;
    this.random = random;
    this.segmentSize = segmentSize;
  }

  public PackageSealer(DetachedSigner signer) {
    this(signer, Clock.systemUTC(), new SecureRandom(), EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE);
  }

  /** Seals {@code request} into {@code out}, which must not exist yet. */
  public SealedPackage seal(SealRequest request, Path out, ProgressListener progress) throws GatewayException {
    if (request.documents().isEmpty()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "there is nothing to seal: add at least one document");
    }
    if (Files.exists(out)) {
      throw new GatewayException(ReasonCode.OUTPUT_EXISTS, out + " already exists; choose another --out or remove it");
    }
    checkNames(request.documents());
    Instant now = clock.instant();
    List<PackageMetadata.Document> docs = new ArrayList<>();
    long[] crcs = new long[request.documents().size()];
    long total = 0;
    for (int i = 0; i < crcs.length; i++) {
      DocumentSource d = request.documents().get(i);
      long[] sizeAndCrc = sizeAndCrc(d);
      crcs[i] = sizeAndCrc[1];
      docs.add(new PackageMetadata.Document(DOCUMENTS_PREFIX + d.name(), d.mediaType(), sizeAndCrc[0]));
      total += sizeAndCrc[0];
    }
    String packageId = request.packageId() != null ? request.packageId() : PackageIds.newId(now, random);
    PackageMetadata metadata = new PackageMetadata(packageId, request.sender(),
        request.recipients(), now, request.subject(), docs);
    Path temp = out.resolveSibling(out.getFileName() + ".part-" + Long.toHexString(random.nextLong()));
    ProgressCounter counter = new ProgressCounter(progress, total);
    int segments;
    List<AsicManifest.Reference> refs = new ArrayList<>();
    try {
      try (OutputStream file = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          EnvelopeOutputStream envelope = new EnvelopeOutputStream(new BufferedOutputStream(file, COPY_BUFFER),
              request.recipientCertificates(), segmentSize, random)) {
        StreamingZipWriter zip = new StreamingZipWriter(envelope);
        zip.addStored("mimetype", MIMETYPE.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] metadataXml = metadata.toXml();
        zip.addStored(PackageMetadata.ENTRY, metadataXml);
        refs.add(new AsicManifest.Reference(PackageMetadata.ENTRY, "application/xml", sha256(metadataXml)));
        if (request.requestXml() != null) {
          zip.addStored(REQUEST_ENTRY, request.requestXml());
          refs.add(new AsicManifest.Reference(REQUEST_ENTRY, "application/xml", sha256(request.requestXml())));
        }
        for (int i = 0; i < docs.size(); i++) {
          PackageMetadata.Document doc = docs.get(i);
          try (InputStream raw = request.documents().get(i).open();
              HashingInputStream hashing = new HashingInputStream(raw, counter);
              // reading + SHA-256 on one core, CRC-32 + AES-GCM + writing on the other
              ReadAheadInputStream ahead = new ReadAheadInputStream(hashing, READ_AHEAD_BLOCK, READ_AHEAD_DEPTH,
                  "mlagw-hash")) {
            zip.addStored(doc.name(), doc.size(), crcs[i], ahead);
            // addStored read to the end of the stream, so the reading thread has hashed every byte
            refs.add(new AsicManifest.Reference(doc.name(), doc.mediaType(), hashing.digest()));
          }
        }
        byte[] manifest = new AsicManifest(refs).toXml();
        zip.addStored(AsicManifest.ENTRY, manifest);
        zip.addStored(AsicManifest.SIGNATURE_ENTRY, signer.sign(manifest, now));
        zip.close();
        segments = envelope.segments();
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (GatewayException e) {
      deleteQuietly(temp);
      throw e;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "cannot write the package " + out);
    }
    counter.finish();
    try {
      return new SealedPackage(out, metadata, Files.size(out), segments, refs);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read back " + out + ": " + e.getMessage(), e);
    }
  }

  private static void checkNames(List<DocumentSource> documents) throws GatewayException {
    Set<String> seen = new HashSet<>();
    for (DocumentSource d : documents) {
      String name = d.name();
      if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("//")
          || ("/" + name + "/").contains("/../") || ("/" + name + "/").contains("/./") || name.endsWith("/")) {
        throw new GatewayException(ReasonCode.PATH_TRAVERSAL, "document name '" + name
            + "' is not a plain relative path; rename the file");
      }
      if (!seen.add(java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC).toLowerCase(Locale.ROOT))) {
        throw new GatewayException(ReasonCode.DUPLICATE_ENTRY, "two documents are both named '" + name
            + "' (names must differ also in upper/lower case); rename one of them");
      }
    }
  }

  private static long[] sizeAndCrc(DocumentSource d) throws GatewayException {
    Path file = d.file();
    CRC32 crc = new CRC32();
    long size = 0;
    try (InputStream in = d.open()) {
      byte[] buf = new byte[COPY_BUFFER];
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
        size += n;
      }
    } catch (eu.mlagw.error.GatewayIOException e) {
      throw e.gatewayException(); // e.g. LINK_REFUSED from a drop folder: its message names the file
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read document " + file + ": " + e.getMessage()
          + "; check that it exists and is readable", e);
    }
    return new long[] {size, crc.getValue()};
  }

  static byte[] sha256(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: a leftover *.part-* file is harmless and named as such
    }
  }
}
