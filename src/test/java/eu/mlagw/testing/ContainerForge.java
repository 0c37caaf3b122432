package eu.mlagw.testing;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.EnvelopeOutputStream;
import eu.mlagw.pkg.AsicManifest;
import eu.mlagw.pkg.PackageMetadata;
import eu.mlagw.pkg.PackageSealer;
import eu.mlagw.pkg.zip.RawZip;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds containers the way an attacker (or another tool) could: any entries, any manifest, any
 * signature, then a perfectly valid envelope around them — an envelope only needs the recipient's
 * public certificate, so envelope validity proves nothing about the content.
 */
public final class ContainerForge {
  public final Map<String, byte[]> documents = new LinkedHashMap<>();
  private final String sender;
  private final String recipient;
  private final Instant created = Instant.now();

  public ContainerForge(String sender, String recipient) {
    this.sender = sender;
    this.recipient = recipient;
    documents.put("documents/request.txt", "Kërkesë për ndihmë juridike".getBytes(StandardCharsets.UTF_8));
    documents.put("documents/evidence.bin", new byte[] {1, 2, 3, 4, 5});
  }

  public byte[] metadataXml() {
    List<PackageMetadata.Document> docs = new ArrayList<>();
    documents.forEach((n, b) -> docs.add(new PackageMetadata.Document(n, "application/octet-stream", b.length)));
    return new PackageMetadata("0190c0de-0000-7000-8000-000000000001", sender, List.of(recipient),
        created, "forged", docs).toXml();
  }

  /** Manifest over metadata.xml and the current documents. */
  public byte[] manifestXml() {
    List<AsicManifest.Reference> refs = new ArrayList<>();
    refs.add(new AsicManifest.Reference(PackageMetadata.ENTRY, "application/xml", sha256(metadataXml())));
    documents.forEach((n, b) -> refs.add(new AsicManifest.Reference(n, "application/octet-stream", sha256(b))));
    return new AsicManifest(refs).toXml();
  }

  public static byte[] sign(byte[] manifest, Credential seal) throws Exception {
    return new DetachedSigner(seal).sign(manifest, Instant.now());
  }

  /** A standard container: mimetype, metadata, documents, manifest, signature. */
  public RawZip container(byte[] metadata, byte[] manifest, byte[] signature) {
    RawZip zip = new RawZip().stored("mimetype", PackageSealer.MIMETYPE.getBytes(StandardCharsets.US_ASCII))
        .stored(PackageMetadata.ENTRY, metadata);
    documents.forEach(zip::stored);
    return zip.stored(AsicManifest.ENTRY, manifest).stored(AsicManifest.SIGNATURE_ENTRY, signature);
  }

  /** Encrypts {@code container} for {@code recipientCert} into {@code out}. */
  public static Path envelope(byte[] container, X509Certificate recipientCert, Path out) throws Exception {
    try (OutputStream file = Files.newOutputStream(out);
        EnvelopeOutputStream env = new EnvelopeOutputStream(file, List.of(recipientCert),
            EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE, new SecureRandom())) {
      env.write(container);
    }
    return out;
  }

  public static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
