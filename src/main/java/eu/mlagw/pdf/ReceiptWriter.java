package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The sender's receipt PDF, in the sender's language: exchange id, recipient, time, and one line per
 * evidence in plain words ("Delivered to the recipient's inbox", "Доставено во приемното сандаче …")
 * with its UTC time. The signed evidences themselves remain the proof; this is their readable summary.
 * PDF/A-3b ({@link PdfA}).
 */
public final class ReceiptWriter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  private final Mappings mappings;

  public ReceiptWriter(Mappings mappings) {
    this.mappings = mappings;
  }

  public void write(Receipt r, String language, OutputStream out) throws GatewayException {
    String lang = mappings.languageOrDefault(language);
    Messages m = mappings.messages();
    try (PDDocument doc = new PDDocument()) {
      PdfA.apply(doc, m.text(lang, "receipt.title") + " " + r.exchangeId(), Instant.now());
      try (TextLayout t = new TextLayout(doc, PdfFonts.regular(doc, false), PdfFonts.bold(doc))) {
        t.heading(m.text(lang, "receipt.title"), 16);
        t.field(m.text(lang, "receipt.exchangeId"), r.exchangeId());
        t.field(m.text(lang, "cover.sender"), r.sender());
        t.field(m.text(lang, "receipt.recipient"), r.recipient());
        t.field(m.fieldLabel(lang, "subject"), r.subject());
        t.field(m.text(lang, "receipt.time"), r.submitted() == null ? null : TIME.format(r.submitted()));
        t.heading(m.text(lang, "receipt.status"), 12);
        for (Receipt.Status s : r.statuses()) {
          t.field(TIME.format(s.time()), m.text(lang, "evidence." + s.evidenceType())
              + (s.reason() == null ? "" : " (" + s.reason() + ")"));
        }
      }
      doc.save(out);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the receipt: " + e.getMessage(), e);
    }
  }
}
