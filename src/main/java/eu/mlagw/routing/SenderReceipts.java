package eu.mlagw.routing;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.pdf.Receipt;
import eu.mlagw.pdf.ReceiptWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The receipt a prosecutor reads: {@code receipt.pdf} in the exchange's folder, in the sender's
 * language, listing the evidences the exchange has so far (written to a temporary name and renamed,
 * rewritten when more arrive).
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
      List<Receipt.Status> statuses = new ArrayList<>();
      Path evidences = dir.resolve("evidences");
      if (Files.isDirectory(evidences)) {
        try (Stream<Path> files = Files.list(evidences)) {
          for (Path e : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".p7s")).sorted()::iterator) {
            String name = e.getFileName().toString();
            String type = name.substring(name.indexOf('-') + 1, name.length() - ".p7s".length());
            statuses.add(new Receipt.Status(type, Files.getLastModifiedTime(e).toInstant(), null));
          }
        }
      }
      List<StatusFiles.Step> steps = StatusFiles.read(dir);
      java.time.Instant submitted = steps.isEmpty() ? java.time.Instant.now() : steps.get(0).at();
      String language = mappings.languageOrDefault(directory.participant(s.sender()).languages().get(0));
      Path tmp = dir.resolve("." + FILE + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        new ReceiptWriter(mappings, seal).write(new Receipt(s.exchangeId(), s.sender(), s.recipient(), s.name(), submitted,
            statuses), language, out);
      }
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the receipt of " + s.exchangeId() + ": "
          + e.getMessage(), e);
    }
  }
}
