package eu.mlagw.routing;

import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.MetadataXml;
import eu.mlagw.metadata.Profile;
import eu.mlagw.metadata.ProfileRenderer;
import eu.mlagw.pdf.CoverSheetWriter;
import eu.mlagw.pkg.AsicManifest;
import eu.mlagw.pkg.OpenedPackage;
import eu.mlagw.pkg.PackageSealer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The translate step of delivery: the verified package's canonical request ({@code request.xml})
 * is validated against the schema and rendered for the recipient — its profile's document
 * ({@code metadata.json} or {@code metadata.xml} in the recipient's format, coded values in its
 * language) and a cover sheet PDF in its language — inside the staging folder, so they are released
 * into the inbox together with the documents, by the same atomic rename. A package without
 * request.xml (sealed by {@code mlagw package seal}) is released as it is.
 */
public final class RecipientRendering {
  /** The cover sheet beside the documents. */
  public static final String COVER_SHEET = "cover-sheet.pdf";
  private final Directory directory;
  private final Mappings mappings;

  public RecipientRendering(Directory directory, Mappings mappings) {
    this.directory = directory;
    this.mappings = mappings;
  }

  /** The canonical request released with an exchange, if it carries one. */
  public static Optional<CanonicalRequest> request(Path folder) throws GatewayException {
    Path file = folder.resolve(PackageSealer.REQUEST_ENTRY);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(MetadataXml.read(in));
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file name of the recipient-format metadata for {@code profile}. */
  public String profileDocument(ParticipantConfig recipient) {
    Profile.Format format = mappings.profile(recipient.profile()).map(Profile::format).orElse(Profile.Format.CANONICAL_XML);
    return format == Profile.Format.JSON ? "recipient-metadata.json" : "recipient-metadata.xml";
  }

  /** Before release: validates, renders for {@code recipientId} and writes the cover sheet into {@code staging}. */
  public void prepare(OpenedPackage verified, Path staging, String recipientId) throws GatewayException {
    Optional<CanonicalRequest> found = request(staging);
    if (found.isEmpty()) {
      return;
    }
    CanonicalRequest request = withSealedDigests(found.get(), verified.verifiedEntries());
    if (!verified.metadata().packageId().equals(request.exchangeId()) || !verified.metadata().sender()
        .equals(request.sender()) || !recipientId.equals(request.recipient())) {
      throw new GatewayException(ReasonCode.EXCHANGE_MISMATCH, "the sealed request names exchange "
          + request.exchangeId() + " from " + request.sender() + " to " + request.recipient() + " but the package is "
          + verified.metadata().packageId() + " from " + verified.metadata().sender() + " for " + recipientId);
    }
    ParticipantConfig recipient = directory.participant(recipientId);
    String language = mappings.languageOrDefault(recipient.languages().get(0));
    try (OutputStream out = Files.newOutputStream(staging.resolve(profileDocument(recipient)),
        StandardOpenOption.CREATE_NEW)) {
      new ProfileRenderer(mappings).render(request, recipient.profile(), language, out);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the metadata for " + recipientId + ": "
          + e.getMessage(), e);
    }
    try (OutputStream out = Files.newOutputStream(staging.resolve(COVER_SHEET), StandardOpenOption.CREATE_NEW)) {
      new CoverSheetWriter(mappings, id -> directory.find(id).map(ParticipantConfig::name).orElse(null))
          .write(request, language, out);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the cover sheet for " + recipientId + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The request with each document's SHA-256 as the verified manifest states it (the sender's
   * request names the files; the digests are what was sealed), and any sealed document the request
   * does not list added as an annex.
   */
  static CanonicalRequest withSealedDigests(CanonicalRequest r, List<AsicManifest.Reference> verified) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (AsicManifest.Reference e : verified) {
      if (e.name().startsWith(PackageSealer.DOCUMENTS_PREFIX)) {
        digests.put(e.name().substring(PackageSealer.DOCUMENTS_PREFIX.length()), HexFormat.of().formatHex(e.sha256()));
      }
    }
    List<CanonicalRequest.DocumentRef> documents = new ArrayList<>();
    for (CanonicalRequest.DocumentRef d : r.documents()) {
      String sealed = digests.remove(d.file());
      documents.add(new CanonicalRequest.DocumentRef(d.file(), d.role(), d.language(), sealed != null ? sealed : d.sha256()));
    }
    digests.forEach((file, sha256) -> documents.add(new CanonicalRequest.DocumentRef(file, "annex", null, sha256)));
    return new CanonicalRequest(r.exchangeId(), r.sender(), r.recipient(), r.language(), r.exchangeType(), r.subject(),
        r.caseReference(), r.recipientCaseReference(), r.inReplyTo(), r.legalBasis(), r.issuingAuthority(),
        r.executingAuthority(), r.urgency(), r.deadline(), r.offences(), r.offenceDescription(), r.persons(),
        r.measures(), r.measureDescription(), r.handlingCodes(), r.handlingConditions(), r.confidentiality(),
        documents);
  }
}
