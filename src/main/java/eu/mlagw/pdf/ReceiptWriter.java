package eu.mlagw.pdf;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.SignatureTimestamper;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The sender's receipt PDF, in the sender's language ({@link Receipt} says what it states): subject,
 * exchange, offices, case references labelled by whose they are, documents with SHA-256, the gateway
 * that issues it, and one line per evidence in plain words ("Delivered to the recipient's inbox",
 * "Доставено во приемното сандаче …") with the gateway and the time in the sender's zone and UTC. The signed evidences themselves remain the proof; this is their readable summary.
 * PDF/A-3b ({@link PdfA}), sealed by the gateway as PAdES baseline B ({@link PadesSeal}), so the
 * printout itself can be checked years later.
 */
public final class ReceiptWriter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz '('VV')'",
      Locale.ROOT);
  private final Mappings mappings;
  private final DetachedSigner seal;
  private final SignatureTimestamper timestamper;

  /**
   * @param seal the gateway's seal, which signs every receipt
   */
  public ReceiptWriter(Mappings mappings, DetachedSigner seal) {
    this(mappings, seal, null);
  }

  /**
   * @param timestamper the TSA that timestamps the signature (PAdES B-T), or null for baseline B
   */
  public ReceiptWriter(Mappings mappings, DetachedSigner seal, SignatureTimestamper timestamper) {
    this.mappings = mappings;
    this.seal = seal;
    this.timestamper = timestamper;
  }

  /** "2026-11-28 11:15:30 CET (Europe/Tirane) · 2026-11-28 10:15:30 UTC"; UTC alone when the zone is UTC. */
  static String times(Instant at, ZoneId zone) {
    String utc = TIME.format(at);
    return zone.normalized().equals(ZoneOffset.UTC) ? utc : LOCAL.format(at.atZone(zone)) + " · " + utc;
  }

  /** Writes the signed receipt, in {@code language} (or the default), to {@code out}. */
  public void write(Receipt r, String language, OutputStream out) throws GatewayException {
    write(r, language, Instant.now(), out);
  }

  /** Same, stating {@code now} as the time it was made (PDF/A metadata and signing time). */
  public void write(Receipt r, String language, Instant now, OutputStream out) throws GatewayException {
    String lang = mappings.languageOrDefault(language);
    Messages m = mappings.messages();
    ByteArrayOutputStream draft = new ByteArrayOutputStream(); // a receipt is a page or two
    try (PDDocument doc = new PDDocument()) {
      PdfA.apply(doc, m.text(lang, "receipt.title") + " " + r.exchangeId(), now);
      try (TextLayout t = new TextLayout(doc, PdfFonts.regular(doc, false), PdfFonts.bold(doc))) {
        t.heading(m.text(lang, "receipt.title"), 16);
        t.field(m.fieldLabel(lang, "subject"), r.subject());
        t.field(m.text(lang, "receipt.exchangeId"), r.exchangeId());
        t.field(m.text(lang, "cover.sender"), r.sender());
        t.field(m.text(lang, "receipt.recipient"), r.recipient());
        // the prosecutor's own number and the recipient's, each said to be whose
        t.field(m.text(lang, "cover.senderCaseReference"), r.senderCaseReference());
        t.field(m.fieldLabel(lang, "recipientCaseReference"), r.recipientCaseReference());
        t.field(m.text(lang, "receipt.time"), r.submitted() == null ? null : times(r.submitted(), r.zone()));
        t.field(m.text(lang, "receipt.issuedBy"), r.issuedBy() == null ? null : r.issuedBy().toString());
        t.heading(m.fieldLabel(lang, "documents"), 12);
        if (r.documents().isEmpty()) {
          t.paragraph("—", t.regular(), 10, 12);
        }
        for (Receipt.Document d : r.documents()) {
          t.field(d.name(), m.text(lang, "cover.sha256") + ": " + d.sha256());
        }
        t.heading(m.text(lang, "receipt.status"), 12);
        for (Receipt.Status s : r.statuses()) {
          String what = m.text(lang, "evidence." + s.evidenceType()) + (s.reason() == null ? "" : " (" + s.reason() + ")")
              + (s.gateway() == null ? "" : "\n" + m.text(lang, "receipt.gateway") + ": " + s.gateway());
          t.field(times(s.time(), r.zone()), what);
        }
        t.paragraph(m.text(lang, "receipt.sealed"), t.regular(), 8, 0);
      }
      doc.save(draft);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the receipt: " + e.getMessage(), e);
    }
    try (PDDocument doc = Loader.loadPDF(draft.toByteArray())) {
      PadesSeal.sign(doc, seal, timestamper, m.text(lang, "receipt.title") + " " + r.exchangeId(), now, out);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the receipt: " + e.getMessage(), e);
    }
  }
}
