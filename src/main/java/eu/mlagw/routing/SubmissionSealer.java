package eu.mlagw.routing;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.MetadataXml;
import eu.mlagw.metadata.ProfileRenderer;
import eu.mlagw.metadata.RequestReader;
import eu.mlagw.metadata.SubmissionFiles;
import eu.mlagw.pkg.DocumentSource;
import eu.mlagw.pkg.NoFollowFolder;
import eu.mlagw.pkg.PackageSealer;
import eu.mlagw.pkg.ProgressListener;
import eu.mlagw.pkg.SealRequest;
import eu.mlagw.pkg.zip.StrictZipReader;
import eu.mlagw.pkg.zip.ZipEntryStream;
import eu.mlagw.pkg.zip.ZipLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * Turns a claimed submission into a sealed package for its recipient: reads the request
 * (request.yaml, request.json or a filled PDF form) into the canonical request, checks it has what
 * the recipient's profile requires, seals it as request.xml with every other file as a document (a .zip submission is unpacked strictly first), seals with the
 * sender's seal for the recipient's encryption certificate, package id = exchange id.
 * Idempotent: a package already sealed for this exchange (a resumed exchange) is kept.
 */
public final class SubmissionSealer {
  /**
   * Most documents one submission may have: a package carries them and five entries of its own
   * (mimetype, metadata.xml, request.xml, the manifest and its signature), and the receiving zip
   * reader takes at most {@link ZipLimits#defaults()} entries. Refused at intake (TOO_LARGE), before
   * anything is sealed, rather than by the recipient after an acceptance was issued.
   */
  static final int MAX_DOCUMENTS = ZipLimits.defaults().maxEntries() - 5;

  private final Directory directory;
  private final GatewayKeys keys;
  /** gateway.yaml limits.maxSubmissionSize: the most bytes the documents of one submission may add up to. */
  private final long maxSubmissionSize;
  /** gateway.yaml dropFolders.allowHardLinks: whether a submitted file may be a hard link. */
  private final boolean allowHardLinks;
  private final Clock clock;
  private final Mappings mappings;
  private final RequestReader requests;
  private final ExchangeLifecycle lifecycle;

  /** Takes from {@code config} its submission limit and hard-link rule. */
  public SubmissionSealer(GatewayConfig config, Directory directory, GatewayKeys keys, Mappings mappings,
      ExchangeLifecycle lifecycle, Clock clock) {
    this.directory = directory;
    this.keys = keys;
    this.maxSubmissionSize = config.limits().maxSubmissionSize();
    this.allowHardLinks = config.dropFolderAllowHardLinks();
    this.lifecycle = lifecycle;
    this.mappings = mappings;
    this.requests = new RequestReader(mappings, new eu.mlagw.pdf.RequestFormReader());
    this.clock = clock;
  }

  /**
   * Seals the claimed submission and hands it to the lifecycle (SEALED: it moves to sent/); returns
   * it at its new place. A package left in the work folder by a stopped node was never recorded as
   * sealed: it is made again.
   */
  public Submission seal(Submission s) throws GatewayException {
    try {
      Files.deleteIfExists(s.packageFile());
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot remove an unrecorded package of " + s.exchangeId(), e);
    }
    eu.mlagw.config.ParticipantConfig recipient = directory.participant(s.recipient()); // PARTICIPANT_UNKNOWN
    try (NoFollowFolder folder = submissionFolder(s)) {
      return seal(s, recipient, folder);
    }
  }

  /**
   * The claimed submission's files, found without following any link: the folder as dropped, or the
   * strictly unpacked .zip. Counted and summed here, before any request is parsed or anything sealed.
   */
  private NoFollowFolder submissionFolder(Submission s) throws GatewayException {
    NoFollowFolder.Rules rules = new NoFollowFolder.Rules(allowHardLinks, MAX_DOCUMENTS);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(s.original(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the claimed submission " + s.name() + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
    NoFollowFolder folder;
    if (a.isSymbolicLink()) {
      throw NoFollowFolder.linkRefused(s.name(), "is itself a symbolic link");
    } else if (a.isDirectory()) {
      folder = NoFollowFolder.open(s.original(), rules);
    } else if (a.isRegularFile()) {
      folder = NoFollowFolder.open(unzip(s, rules), rules);
    } else {
      throw NoFollowFolder.linkRefused(s.name(), "is not a regular file (a device, FIFO or socket)");
    }
    try {
      checkTotal(folder);
      return folder;
    } catch (GatewayException e) {
      folder.close();
      throw e;
    }
  }

  /** TOO_LARGE if the documents add up to more than gateway.yaml limits.maxSubmissionSize. */
  private void checkTotal(NoFollowFolder folder) throws GatewayException {
    long total = 0;
    for (NoFollowFolder.Entry e : folder.files().values()) {
      total += e.size();
    }
    long limit = maxSubmissionSize;
    if (total > limit) {
      throw new GatewayException(ReasonCode.TOO_LARGE, "the documents add up to " + total + " bytes, more than this "
          + "gateway takes in one submission (" + limit + " bytes, gateway.yaml limits.maxSubmissionSize); split them "
          + "into several submissions or ask IT staff about the limit");
    }
  }

  private Submission seal(Submission s, eu.mlagw.config.ParticipantConfig recipient, NoFollowFolder folder)
      throws GatewayException {
    // the canonical request from request.yaml, request.json or a filled PDF form; errors in the
    // prosecutor's language (REQUEST_INVALID)
    RequestReader.Result read = requests.read(filesOf(folder), folder.folder(), directory.participant(s.sender()),
        s.recipient());
    CanonicalRequest request = read.request().withExchangeId(s.exchangeId());
    // what the recipient's profile requires must be there before anything is sealed
    new ProfileRenderer(mappings).render(request, recipient.profile(), mappings.languageOrDefault(
        recipient.languages().get(0)), OutputStream.nullOutputStream());
    java.util.Set<String> except = read.source() == null ? java.util.Set.of()
        : java.util.Set.of(folder.folder().relativize(read.source()).toString().replace('\\', '/'));
    List<DocumentSource> documents = DocumentSource.allIn(folder, except);
    if (documents.isEmpty()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the submission holds no document besides "
          + (read.source() == null ? "the request" : read.source().getFileName()) + "; put the files to send next to it");
    }
    List<String> cases = request.caseReferences();
    java.io.ByteArrayOutputStream requestXml = new java.io.ByteArrayOutputStream();
    MetadataXml.write(request, requestXml);
    try {
      // a copy for the sender's folder (and the audit trail: case references, persons' names)
      StatusFiles.atomicWrite(s.workDir().resolve(eu.mlagw.pkg.PackageSealer.REQUEST_ENTRY), requestXml.toByteArray());
      if (!cases.isEmpty()) {
        StatusFiles.recordCaseReferences(s.workDir(), s, cases);
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the status of " + s.exchangeId() + ": "
          + e.getMessage(), e);
    }
    String subject = request.subject() == null ? "" : request.subject().text();
    if (request.caseReference() != null && !request.caseReference().isBlank()) {
      subject = subject + " (case " + request.caseReference() + ")";
    }
    eu.mlagw.pkg.SealedPackage sealed = new PackageSealer(keys.signer(keys.sealCredential(s.sender())), clock,
        new java.security.SecureRandom(), eu.mlagw.crypto.EnvelopeOutputStream.DEFAULT_SEGMENT_SIZE)
        .seal(new SealRequest(s.sender(), List.of(s.recipient()), List.of(keys.encryptionCertificate(s.recipient())),
            documents, subject, s.exchangeId(), requestXml.toByteArray()), s.packageFile(), ProgressListener.NONE);
    try {
      // the documents' SHA-256 as sealed, for the sender's receipt (sha256sum format)
      StatusFiles.atomicWrite(s.workDir().resolve(DocumentDigests.FILE), DocumentDigests.format(sealed.manifest()));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the document digests of " + s.exchangeId() + ": "
          + e.getMessage(), e);
    }
    return lifecycle.sealed(s, documents.size(), read.source() == null ? "" : read.source().getFileName().toString());
  }

  /** The submission's files as the request reader sees them: only through {@code folder}. */
  private static SubmissionFiles filesOf(NoFollowFolder folder) {
    return new SubmissionFiles() {
      @Override
      public List<String> names() {
        return folder.names();
      }

      @Override
      public long size(String name) {
        return folder.files().get(name).size();
      }

      @Override
      public InputStream open(String name) throws IOException {
        return folder.open(name);
      }
    };
  }

  /**
   * Unpacks a .zip submission with the strict reader (no traversal, no links, no bombs; at most as
   * many entries as a package may carry and limits.maxSubmissionSize in all) into the work folder.
   * The .zip is opened without following a link, and refused if it is a hard link unless allowed.
   */
  private Path unzip(Submission s, NoFollowFolder.Rules rules) throws GatewayException {
    Path target = s.workDir().resolve("unzipped");
    long max = maxSubmissionSize;
    ZipLimits d = ZipLimits.defaults();
    ZipLimits limits = new ZipLimits(Math.min(max, d.maxEntrySize()), Math.min(max, d.maxTotalSize()), rules.maxFiles(),
        d.maxCompressionRatio());
    try {
      if (!rules.allowHardLinks()
          && ((Number) Files.getAttribute(s.original(), "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue() > 1) {
        throw NoFollowFolder.linkRefused(s.name(), "is a hard link (the same file is also elsewhere)");
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the claimed submission " + s.name(), e);
    }
    InputStream opened;
    try {
      opened = Files.newInputStream(s.original(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      if (Files.isSymbolicLink(s.original())) { // swapped in after the check: O_NOFOLLOW fails with ELOOP
        throw NoFollowFolder.linkRefused(s.name(), "is a symbolic link");
      }
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the claimed submission " + s.name(), e);
    }
    try (InputStream in = opened) {
      if (Files.exists(target)) {
        ReturnedFolder.deleteTree(target);
      }
      Files.createDirectories(target);
      StrictZipReader zip = new StrictZipReader(in, limits);
      for (ZipEntryStream e; (e = zip.next()) != null; ) {
        Path out = target.resolve(e.name()).normalize();
        if (e.isDirectory() || !out.startsWith(target)) {
          continue; // the strict reader already refused escaping names; directories need no file
        }
        Files.createDirectories(out.getParent());
        try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
          e.transferTo(o);
        }
      }
      return target;
    } catch (IOException e) {
      throw GatewayIOException.unwrap(e, ReasonCode.INPUT_INVALID, "the .zip submission cannot be unpacked");
    }
  }
}
