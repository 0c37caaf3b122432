package eu.mlagw.routing;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.evidence.Evidence;
import eu.mlagw.evidence.EvidenceVerifier;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.MetadataXml;
import eu.mlagw.pdf.Receipt;
import eu.mlagw.pdf.ReceiptWriter;
import eu.mlagw.pkg.PackageSealer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The receipt a prosecutor reads: {@code receipt.pdf} in the exchange's folder, in the sender's
 * language, sealed by this gateway (PAdES): the request's subject and case references (from the
 * sealed {@code request.xml}), the documents with their SHA-256 ({@link DocumentDigests}), the
 * offices by name, times in the sender's zone ({@link OfficeTimeZones}) and UTC, and the evidences
 * so far (verified) with the gateway that issued each (written to a temporary name and renamed, rewritten when
 * more arrive).
 */
public final class SenderReceipts {
  public static final String FILE = "receipt.pdf";
  private final Directory directory;
  private final Mappings mappings;
  private final DetachedSigner seal;
  private final EvidenceVerifier evidences;

  /**
   * @param seal the gateway's seal, which signs every receipt (PAdES)
   * @param evidences verifies each evidence before the receipt states its time, reason and issuing gateway
   */
  public SenderReceipts(Directory directory, Mappings mappings, DetachedSigner seal, EvidenceVerifier evidences) {
    this.directory = directory;
    this.mappings = mappings;
    this.seal = seal;
    this.evidences = evidences;
  }

  /**
   * A text of the messages (config/mappings/messages) in the language of {@code sender}'s office,
   * for the status files it reads; English when the sender is unknown here.
   */
  public String text(String sender, String key, Object... args) {
    String language;
    try {
      language = mappings.languageOrDefault(directory.participant(sender).languages().get(0));
    } catch (GatewayException | RuntimeException e) {
      language = "en";
    }
    return mappings.messages().text(language, key, args);
  }

  /** As {@link #text}, or null when no language (not even English) has the message {@code key}. */
  public String label(String participant, String key) {
    String t = text(participant, key);
    return t.equals(key) ? null : t;
  }

  /** Writes {@code dir/receipt.pdf} for the exchange whose status and evidences are in {@code dir}. */
  public void write(Path dir, Submission s) throws GatewayException {
    try {
      Receipt.Gateway here = new Receipt.Gateway(directory.gatewayId(), organisation(seal.credential().certificate()));
      List<Receipt.Status> statuses = new ArrayList<>();
      Path evidenceDir = dir.resolve("evidences");
      if (Files.isDirectory(evidenceDir)) {
        try (Stream<Path> files = Files.list(evidenceDir)) {
          for (Path e : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".p7s")).sorted()::iterator) {
            statuses.add(status(e));
          }
        }
      }
      List<StatusFiles.Step> steps = StatusFiles.read(dir);
      java.time.Instant submitted = steps.isEmpty() ? java.time.Instant.now() : steps.get(0).at();
      ParticipantConfig sender = directory.participant(s.sender());
      String language = mappings.languageOrDefault(sender.languages().get(0));
      CanonicalRequest request = request(dir);
      Receipt receipt = new Receipt(s.exchangeId(), office(s.sender()), office(s.recipient()),
          request == null || request.subject() == null ? null : request.subject().text(),
          request == null ? null : request.caseReference(), request == null ? null : request.recipientCaseReference(),
          DocumentDigests.read(dir), submitted, OfficeTimeZones.of(sender.country()), here, statuses);
      Path tmp = dir.resolve("." + FILE + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        new ReceiptWriter(mappings, seal).write(receipt, language, out);
      }
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the receipt of " + s.exchangeId() + ": "
          + e.getMessage(), e);
    }
  }

  /** The request as sealed ({@code request.xml} beside the status), or null before sealing or when unreadable. */
  private static CanonicalRequest request(Path dir) {
    Path file = dir.resolve(PackageSealer.REQUEST_ENTRY);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return MetadataXml.read(in);
    } catch (IOException | GatewayException e) {
      return null; // the receipt then shows "—": it is a summary, the package and evidences are the record
    }
  }

  /** "General Prosecution Office, Tirana (AL-PG-TIRANA)", or the id alone when the directory has no name. */
  private String office(String id) {
    return directory.find(id).map(p -> p.name() == null || p.name().isBlank() ? id : p.name() + " (" + id + ")")
        .orElse(id);
  }

  /**
   * One evidence as the receipt states it: its signed time, reason code and issuing gateway (named
   * by the organisation of the seal that signed it) once it verifies; the file's type and time only
   * when it does not (the receipt is a summary and is still written; {@code mlagw evidence verify}
   * says what is wrong).
   */
  private Receipt.Status status(Path file) throws IOException {
    String name = file.getFileName().toString();
    String type = name.substring(name.indexOf('-') + 1, name.length() - ".p7s".length());
    try {
      EvidenceVerifier.VerifiedEvidence v = evidences.verify(Files.readAllBytes(file), java.time.Instant.now());
      Evidence e = v.evidence();
      return new Receipt.Status(type, e.time(), e.reasonCode().orElse(null),
          new Receipt.Gateway(e.issuingGateway(), organisation(v.signature().signer())));
    } catch (GatewayException e) {
      return new Receipt.Status(type, Files.getLastModifiedTime(file).toInstant(), null, null);
    }
  }

  /** The organisation (O) of a gateway's seal certificate; else its CN. */
  private static String organisation(java.security.cert.X509Certificate certificate) {
    String o = null;
    String cn = null;
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("O")) {
          o = rdn.getValue().toString();
        } else if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = rdn.getValue().toString();
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return null;
    }
    return o != null ? o : cn;
  }
}
