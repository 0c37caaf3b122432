package eu.mlagw.routing;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
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
 * so far with the gateway that issued each (written to a temporary name and renamed, rewritten when
 * more arrive).
 */
public final class SenderReceipts {
  public static final String FILE = "receipt.pdf";
  private final Directory directory;
  private final Mappings mappings;
  private final DetachedSigner seal;

  /**
   * @param seal the gateway's seal, which signs every receipt (PAdES)
   */
  public SenderReceipts(Directory directory, Mappings mappings, DetachedSigner seal) {
    this.directory = directory;
    this.mappings = mappings;
    this.seal = seal;
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
      Receipt.Gateway here = new Receipt.Gateway(directory.gatewayId(), organisation());
      Receipt.Gateway recipientGateway = recipientGateway(s.recipient(), here);
      List<Receipt.Status> statuses = new ArrayList<>();
      Path evidences = dir.resolve("evidences");
      if (Files.isDirectory(evidences)) {
        try (Stream<Path> files = Files.list(evidences)) {
          for (Path e : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".p7s")).sorted()::iterator) {
            String name = e.getFileName().toString();
            String type = name.substring(name.indexOf('-') + 1, name.length() - ".p7s".length());
            // acceptance and refusal at submission are this gateway's; relay, delivery, retrieval the recipient's
            Receipt.Gateway by = type.startsWith("Submission") ? here : recipientGateway;
            statuses.add(new Receipt.Status(type, Files.getLastModifiedTime(e).toInstant(), null, by));
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

  private Receipt.Gateway recipientGateway(String recipient, Receipt.Gateway here) {
    try {
      String id = directory.hostingGateway(recipient).orElse(null);
      return id == null ? null : id.equals(here.id()) ? here : new Receipt.Gateway(id, null);
    } catch (GatewayException e) {
      return null;
    }
  }

  /** The organisation (O) of this gateway's seal certificate, which signs the receipt; else its CN. */
  private String organisation() {
    String o = null;
    String cn = null;
    try {
      for (Rdn rdn : new LdapName(seal.credential().certificate().getSubjectX500Principal().getName()).getRdns()) {
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
