package eu.mlagw.pkg;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.EnvelopeInputStream;
import eu.mlagw.crypto.ValidationTime;
import eu.mlagw.crypto.VerifiedSignature;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.zip.StrictZipReader;
import eu.mlagw.pkg.zip.ZipEntryStream;
import eu.mlagw.pkg.zip.ZipLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a package: decrypts, unpacks, verifies everything, and only then releases the content.
 *
 * <p>Order of work, in one streaming pass over the file: each envelope segment is decrypted (its GCM
 * tag checked at its end); the container is read strictly (names, duplicates, limits, central
 * directory); documents stream into a hidden staging folder next to the output while their SHA-256
 * is computed. After the last byte: the CAdES signature over the manifest, the signer's chain at
 * validation time (never the signer's own signing-time claim, see {@link ValidationTime}) with CRLs, the signer against the sender's registered seal, every manifest digest,
 * and the exact set of entries. Only when all of that passed is the staging folder renamed to the
 * output folder (one atomic rename); on any failure it is deleted and nothing is released.
 *
 * <p>If the container parser fails on plaintext that turns out to fail its GCM tag, the tag failure
 * (ENVELOPE_TAMPERED) is reported, since the parse error was only a symptom. Thread-safe.
 */
public final class PackageOpener {
  private static final int MAX_XML = 4 << 20;
  private static final int MAX_SIGNATURE = 1 << 20;
  private static final int COPY_BUFFER = 1 << 20;
  private static final int READ_AHEAD_BLOCK = 1 << 20;
  private static final int READ_AHEAD_DEPTH = 4;

  private final DetachedSignatureVerifier verifier;
  private final SealCertificates senders;
  private final ZipLimits limits;
  private final Clock clock;
  /** Null: the seal's certificates are validated at the clock's now when the package has been read. */
  private final ValidationTime validationTime;

  public PackageOpener(DetachedSignatureVerifier verifier, SealCertificates senders, ZipLimits limits, Clock clock) {
    this(verifier, senders, limits, clock, null);
  }

  private PackageOpener(DetachedSignatureVerifier verifier, SealCertificates senders, ZipLimits limits, Clock clock,
      ValidationTime validationTime) {
    this.verifier = verifier;
    this.senders = senders;
    this.limits = limits;
    this.clock = clock;
    this.validationTime = validationTime;
  }

  /**
   * This opener validating the seal's certificates at {@code time} (e.g. this gateway's reception
   * time, or a time the caller recorded itself) instead of now. Never pass a time read from the package.
   */
  public PackageOpener withValidationTime(ValidationTime time) {
    return new PackageOpener(verifier, senders, limits, clock, java.util.Objects.requireNonNull(time));
  }

  /** An opener that trusts what a gateway's configuration trusts and knows its participants' seals. */
  public static PackageOpener forGateway(eu.mlagw.crypto.GatewayKeys keys, Clock clock) {
    return new PackageOpener(new DetachedSignatureVerifier(keys.trustPolicy()), keys::sealCertificatesOf,
        ZipLimits.defaults(), clock);
  }

  /**
   * Opens {@code packageFile} as participant {@code recipientId} with its encryption credential into
   * {@code outDir}, which must not exist.
   */
  public OpenedPackage open(Path packageFile, String recipientId, Credential recipient, Path outDir,
      ProgressListener progress) throws GatewayException {
    return open(packageFile, recipientId, recipient, outDir, progress, (opened, staged) -> { });
  }

  /**
   * A last step on a verified package before it is released (e.g. that it is the exchange announced;
   * files rendered for the recipient, written into {@code staging} to be released with it).
   */
  @FunctionalInterface
  public interface ReleaseCheck {
    /** Throws to keep the package from being released; the staging copy is then removed. */
    void check(OpenedPackage verified, Path staging) throws GatewayException;
  }

  /**
   * As {@link #open(Path, String, Credential, Path, ProgressListener)}, and {@code check} must
   * accept the verified package before it is released into {@code outDir}.
   */
  public OpenedPackage open(Path packageFile, String recipientId, Credential recipient, Path outDir,
      ProgressListener progress, ReleaseCheck check) throws GatewayException {
    if (Files.exists(outDir)) {
      throw new GatewayException(ReasonCode.OUTPUT_EXISTS, outDir + " already exists; choose another --out or remove it");
    }
    long size = sizeOf(packageFile);
    Path parent = outDir.toAbsolutePath().getParent();
    Path staging = parent.resolve("." + outDir.getFileName() + ".opening-" + Long.toHexString(new SecureRandom().nextLong()));
    try {
      Files.createDirectories(parent);
      Files.createDirectory(staging);
      OpenedPackage opened = unpackAndVerify(packageFile, size, recipientId, recipient, staging, outDir, progress);
      check.check(opened, staging);
      Files.move(staging, outDir, StandardCopyOption.ATOMIC_MOVE);
      return opened;
    } catch (IOException e) {
      deleteTree(staging);
      throw GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "cannot write under " + parent);
    } catch (GatewayException | RuntimeException e) {
      deleteTree(staging);
      throw e;
    }
  }

  private OpenedPackage unpackAndVerify(Path packageFile, long size, String recipientId, Credential recipient,
      Path staging, Path outDir, ProgressListener progress) throws GatewayException, IOException {
    Map<String, byte[]> digests = new LinkedHashMap<>();
    byte[] metadataXml = null;
    byte[] requestXml = null;
    byte[] manifestXml = null;
    byte[] signature = null;
    int segments;
    ProgressCounter counter = new ProgressCounter(progress, size);
    try (InputStream file = Files.newInputStream(packageFile);
        EnvelopeInputStream envelope = new EnvelopeInputStream(new CountingInputStream(file, counter), recipient,
            verifier.algorithms());
        // decryption on one core, unzipping + hashing + writing on the other
        ReadAheadInputStream plaintext = new ReadAheadInputStream(envelope, READ_AHEAD_BLOCK, READ_AHEAD_DEPTH,
            "mlagw-decrypt")) {
      try {
        StrictZipReader zip = new StrictZipReader(plaintext, limits);
        ZipEntryStream first = zip.next();
        if (first == null || !"mimetype".equals(first.name())) {
          throw malformed("its first entry must be 'mimetype' (ASiC-E), found "
              + (first == null ? "no entry" : "'" + first.name() + "'"));
        }
        String mimetype = new String(readSmall(first, 256, "mimetype"), StandardCharsets.US_ASCII);
        if (!PackageSealer.MIMETYPE.equals(mimetype)) {
          throw malformed("its mimetype is '" + mimetype + "', expected " + PackageSealer.MIMETYPE);
        }
        for (ZipEntryStream entry; (entry = zip.next()) != null; ) {
          String name = entry.name();
          if (entry.isDirectory()) {
            continue;
          }
          if (name.equals(AsicManifest.ENTRY)) {
            manifestXml = readSmall(entry, MAX_XML, name);
          } else if (name.equals(AsicManifest.SIGNATURE_ENTRY)) {
            signature = readSmall(entry, MAX_SIGNATURE, name);
          } else if (name.startsWith("META-INF/")) {
            throw new GatewayException(ReasonCode.ENTRY_NOT_IN_MANIFEST, "the container holds " + name
                + ", which no signed manifest covers; only " + AsicManifest.ENTRY + " and "
                + AsicManifest.SIGNATURE_ENTRY + " may be in META-INF/");
          } else if (name.equals(PackageMetadata.ENTRY)) {
            metadataXml = readSmall(entry, MAX_XML, name);
            digests.put(name, PackageSealer.sha256(metadataXml));
          } else if (name.equals(PackageSealer.REQUEST_ENTRY)) {
            requestXml = readSmall(entry, MAX_XML, name);
            digests.put(name, PackageSealer.sha256(requestXml));
          } else if (name.startsWith(PackageSealer.DOCUMENTS_PREFIX)) {
            digests.put(name, extract(entry, staging, size));
          } else {
            throw new GatewayException(ReasonCode.ENTRY_NOT_IN_MANIFEST, "the container holds '" + name
                + "' outside documents/; a package carries only mimetype, metadata.xml, request.xml, documents/ and META-INF/");
          }
        }
        drain(plaintext);
      } catch (GatewayException e) {
        throw preferTagFailure(plaintext, e);
      } catch (IOException e) {
        throw preferTagFailure(plaintext, GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "reading " + packageFile));
      }
      if (!envelope.isFullyVerified()) {
        throw new GatewayException(ReasonCode.ENVELOPE_TAMPERED, "the envelope did not end cleanly");
      }
      segments = envelope.segmentsVerified();
    }
    counter.finish();
    if (signature == null) {
      throw new GatewayException(ReasonCode.SIGNATURE_INVALID, "the container has no " + AsicManifest.SIGNATURE_ENTRY
          + ": it is not sealed; ask the sender to seal it");
    }
    if (manifestXml == null) {
      throw malformed("it has no " + AsicManifest.ENTRY);
    }
    VerifiedSignature verified = verifier.verify(signature, manifestXml,
        validationTime != null ? validationTime : ValidationTime.now(clock.instant()));
    AsicManifest manifest = AsicManifest.parse(manifestXml);
    List<AsicManifest.Reference> checked = checkAgainstManifest(manifest, digests);
    if (metadataXml == null) {
      throw malformed("it has no " + PackageMetadata.ENTRY);
    }
    PackageMetadata metadata = PackageMetadata.parse(metadataXml);
    checkSender(metadata, verified.signer());
    if (!metadata.recipients().contains(recipientId)) {
      throw new GatewayException(ReasonCode.NOT_FOR_THIS_RECIPIENT, "the sealed metadata names recipients "
          + metadata.recipients() + ", not " + recipientId + "; open it as one of them");
    }
    checkDocumentsListed(metadata, digests);
    Files.write(staging.resolve(PackageMetadata.ENTRY), metadataXml, StandardOpenOption.CREATE_NEW);
    if (requestXml != null) {
      Files.write(staging.resolve(PackageSealer.REQUEST_ENTRY), requestXml, StandardOpenOption.CREATE_NEW);
    }
    OpenedPackage opened = new OpenedPackage(outDir, metadata, verified, checked, segments, Files.size(packageFile));
    VerificationReport report = new VerificationReport(opened, recipientId, recipient.certificate());
    Files.writeString(staging.resolve(VerificationReport.TEXT_FILE), report.toText(), StandardOpenOption.CREATE_NEW);
    Files.writeString(staging.resolve(VerificationReport.JSON_FILE), report.toJson(), StandardOpenOption.CREATE_NEW);
    return opened;
  }

  private static List<AsicManifest.Reference> checkAgainstManifest(AsicManifest manifest, Map<String, byte[]> digests)
      throws GatewayException {
    Map<String, AsicManifest.Reference> listed = manifest.byName();
    for (String name : digests.keySet()) {
      if (!listed.containsKey(name)) {
        throw new GatewayException(ReasonCode.ENTRY_NOT_IN_MANIFEST, "the container holds '" + name
            + "', which the signed manifest does not list: it was added after sealing. Do not use this package");
      }
    }
    List<AsicManifest.Reference> out = new ArrayList<>();
    for (AsicManifest.Reference ref : listed.values()) {
      byte[] actual = digests.get(ref.name());
      if (actual == null) {
        throw new GatewayException(ReasonCode.ENTRY_NOT_IN_MANIFEST, "the signed manifest lists '" + ref.name()
            + "', which the container lacks: it was removed after sealing. Do not use this package");
      }
      if (!MessageDigest.isEqual(actual, ref.sha256())) {
        throw new GatewayException(ReasonCode.DIGEST_MISMATCH, "'" + ref.name() + "' differs from what the "
            + "sender sealed (SHA-256 " + hex(actual) + ", sealed " + hex(ref.sha256()) + "): it was altered or "
            + "swapped. Do not use this package; ask the sender to send it again");
      }
      out.add(ref);
    }
    return out;
  }

  private void checkSender(PackageMetadata metadata, X509Certificate signer) throws GatewayException {
    List<X509Certificate> known = senders.sealCertificatesOf(metadata.sender()).orElseThrow(() ->
        new GatewayException(ReasonCode.PARTICIPANT_UNKNOWN, "the package says it comes from '" + metadata.sender()
            + "', which is not in the participant directory; add the participant with its seal certificate "
            + "to the configuration if it is legitimate"));
    if (!known.contains(signer)) {
      throw new GatewayException(ReasonCode.SIGNATURE_INVALID, "the package says it comes from '"
          + metadata.sender() + "' but was sealed with the certificate of '"
          + signer.getSubjectX500Principal().getName() + "', which is not a registered seal of that participant");
    }
  }

  private static void checkDocumentsListed(PackageMetadata metadata, Map<String, byte[]> digests)
      throws GatewayException {
    List<String> inMetadata = new ArrayList<>();
    for (PackageMetadata.Document d : metadata.documents()) {
      inMetadata.add(d.name());
    }
    List<String> inContainer = new ArrayList<>(digests.keySet());
    inContainer.remove(PackageMetadata.ENTRY);
    inContainer.remove(PackageSealer.REQUEST_ENTRY);
    if (!new java.util.HashSet<>(inMetadata).equals(new java.util.HashSet<>(inContainer))) {
      throw malformed("metadata.xml lists documents " + inMetadata + " but the container holds " + inContainer);
    }
  }

  private static byte[] extract(ZipEntryStream entry, Path staging, long packageSize) throws IOException {
    Path target = staging.resolve(entry.name()).normalize();
    if (!target.startsWith(staging)) {
      throw new GatewayIOException(new GatewayException(ReasonCode.PATH_TRAVERSAL, "entry '" + entry.name()
          + "' would be written outside the output folder"));
    }
    Files.createDirectories(target.getParent());
    MessageDigest sha256 = sha256();
    OutputStream file = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW);
    if (entry.method() == ZipEntryStream.STORED && entry.declaredSize() > 0) {
      // a STORED entry cannot hold more than the package itself, whatever its header claims
      DiskPreallocation.reserve(target, Math.min(entry.declaredSize(), packageSize));
    }
    try (OutputStream out = file) {
      byte[] buf = new byte[COPY_BUFFER];
      for (int n; (n = entry.read(buf)) > 0; ) {
        sha256.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    return sha256.digest();
  }

  private static byte[] readSmall(InputStream in, int max, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      if (out.size() > max) {
        throw new GatewayIOException(new GatewayException(ReasonCode.TOO_LARGE, name + " is larger than "
            + max + " bytes; this is not a package made by a compliant tool"));
      }
    }
    return out.toByteArray();
  }

  /** Reads the envelope to its end so the last segment's tag is checked. */
  private static void drain(InputStream envelope) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long extra = 0;
    for (int n; (n = envelope.read(buf)) > 0; ) {
      extra += n;
    }
    if (extra > 0) {
      throw new GatewayIOException(malformed(extra + " bytes follow the container's end record"));
    }
  }

  /** A parse failure on unverified plaintext is reported as tampering if the envelope's tag fails. */
  private static GatewayException preferTagFailure(InputStream envelope, GatewayException original) {
    if (original.reason() == ReasonCode.ENVELOPE_TAMPERED || original.reason() == ReasonCode.NOT_FOR_THIS_RECIPIENT) {
      return original;
    }
    try {
      byte[] buf = new byte[1 << 20];
      while (envelope.read(buf) > 0) {
        // reading on only to reach the GCM tags
      }
    } catch (IOException e) {
      GatewayException tag = GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "reading the envelope");
      if (tag.reason() == ReasonCode.ENVELOPE_TAMPERED) {
        return tag;
      }
    }
    return original;
  }

  private static long sizeOf(Path file) throws GatewayException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read the package " + file + ": " + e.getMessage()
          + "; check the path", e);
    }
  }

  private static GatewayException malformed(String why) {
    return new GatewayException(ReasonCode.MALFORMED, "the package is not a valid ASiC-E container: " + why);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(PackageSealer::deleteQuietly);
    } catch (IOException ignored) {
      // best effort; the folder is hidden and named .opening-*
    }
  }
}
