package eu.mlagw.pdf;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.Checkpoint;
import eu.mlagw.audit.MerkleHashes;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.SignatureTimestamper;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * The auditor's readable report of part of the audit log ({@code mlagw audit export --format pdf}):
 * title, gateway, filter, who exported it and why, when, the signed checkpoint the log was checked
 * against, then one table row per event (sequence, UTC time, type, exchange, sender → recipient,
 * reason code, short details) on A4 landscape pages numbered "page X of Y".
 *
 * <p>Guarantees: the file is sealed by the gateway as a PAdES baseline B signature ({@link PadesSeal}:
 * subfilter ETSI.CAdES.detached, invisible) over all its bytes except the signature itself, so DSS
 * or any PAdES validator, and {@code openssl cms -verify}, check it, and any changed byte breaks it. The report is PDF/A-3b ({@link PdfA}); its metadata is in the signed draft, the signature is
 * an incremental update. Events are streamed: page content goes to a scratch file, not the heap. DejaVu Sans is
 * embedded, so names in Cyrillic and with accents print as recorded. Not thread-safe.
 */
public final class AuditReportWriter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
  private static final String[] HEADERS = {"Seq", "Time (UTC)", "Type", "Exchange", "Sender → recipient", "Reason",
      "Details"};
  private static final float[] WIDTHS = {40, 88, 102, 80, 140, 86, 205};
  private static final float FONT = 7.5f;
  private static final float LINE = FONT * 1.3f;
  /** Longest details text printed per event; the full event is in the JSON Lines export. */
  static final int MAX_DETAILS = 240;

  /**
   * What the report's first page states.
   *
   * @param gatewayId the gateway whose log this is
   * @param filter the criteria (e.g. "exchange=EX-1"), or "all events"
   * @param auditor who exported it (as recorded in the AUDIT_EXPORTED event)
   * @param purpose the stated purpose
   * @param generated when
   * @param checkpoint the signed checkpoint whose events 0..size-1 were recomputed to its root;
   *     only events it covers are listed
   */
  public record Header(String gatewayId, String filter, String auditor, String purpose, Instant generated,
      Checkpoint checkpoint) {}

  /** Feeds the events to list, in sequence order, to the sink it is given. */
  @FunctionalInterface
  public interface EventSource {
    void forEach(Consumer<AuditEvent> sink) throws GatewayException;
  }

  private final DetachedSigner seal;
  private final SignatureTimestamper timestamper;
  private final Path scratchDirectory;

  /**
   * @param seal the gateway's seal (signs the report)
   * @param scratchDirectory where the unsigned draft is kept while signing (deleted after)
   */
  public AuditReportWriter(DetachedSigner seal, Path scratchDirectory) {
    this(seal, null, scratchDirectory);
  }

  /**
   * @param timestamper the TSA that timestamps the signature (PAdES B-T), or null for baseline B
   */
  public AuditReportWriter(DetachedSigner seal, SignatureTimestamper timestamper, Path scratchDirectory) {
    this.seal = seal;
    this.timestamper = timestamper;
    this.scratchDirectory = scratchDirectory;
  }

  /** Writes the signed report to {@code out}; returns the number of events listed. */
  public long write(Header h, EventSource events, OutputStream out) throws GatewayException {
    Path draft = null;
    try {
      draft = Files.createTempFile(scratchDirectory, ".audit-report-", ".pdf");
      long rows = writeDraft(h, events, draft);
      sign(h, draft, out);
      return rows;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the audit report: " + e.getMessage()
          + "; check free space in " + scratchDirectory + " and the output location", e);
    } catch (UncheckedIOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the audit report: " + e.getCause().getMessage(), e);
    } finally {
      if (draft != null) {
        try {
          Files.deleteIfExists(draft);
        } catch (IOException ignored) {
          // a leftover draft holds nothing the signed report does not
        }
      }
    }
  }

  private long writeDraft(Header h, EventSource events, Path draft) throws IOException, GatewayException {
    try (PDDocument doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
      PdfA.apply(doc, "Audit report of gateway " + h.gatewayId(), h.generated()); // before signing
      long[] rows = {0};
      try (TextLayout t = new TextLayout(doc, PdfFonts.regular(doc, false), PdfFonts.bold(doc), PAGE)) {
        t.heading("Audit report — gateway " + h.gatewayId(), 15);
        Checkpoint c = h.checkpoint();
        t.field("Events", h.filter());
        t.field("Exported by / stated purpose", h.auditor() + " — " + h.purpose());
        t.field("Generated", TIME.format(h.generated()));
        t.field("Signed checkpoint the log was verified against", "log " + c.origin() + ", tree size " + c.size()
            + " (events 0.." + (c.size() - 1) + "), signed " + TIME.format(c.time()) + "\nroot hash (SHA-256) "
            + MerkleHashes.hex(c.rootHash()));
        header(t);
        events.forEach(e -> {
          try {
            row(t, e);
            rows[0]++;
          } catch (IOException x) {
            throw new UncheckedIOException(x);
          }
        });
        t.paragraph(rows[0] + " events listed. The report is sealed by the gateway: check its signature with a "
            + "PDF/PAdES validator; the full events are in mlagw audit export --format jsonl.", t.regular(), 8, 0);
      }
      numberPages(doc, PdfFonts.regular(doc, false), h.gatewayId());
      doc.save(draft.toFile());
      return rows[0];
    }
  }

  private static void header(TextLayout t) throws IOException {
    t.reserve(4);
    float top = t.reserve(LINE + 2);
    float x = TextLayout.MARGIN;
    for (int i = 0; i < HEADERS.length; i++) {
      t.text(HEADERS[i], t.bold(), FONT, x, top - FONT);
      x += WIDTHS[i];
    }
    t.rule(top - LINE - 1);
  }

  private static void row(TextLayout t, AuditEvent e) throws IOException {
    AuditRecord r = e.record();
    String parties = r.sender() == null && r.recipient() == null ? "" : nz(r.sender()) + " → " + nz(r.recipient());
    String[] cells = {String.valueOf(e.sequence()), TIME.format(e.time()), r.type().name(), nz(r.exchangeId()), parties,
        r.reasonCode() == null ? "" : r.reasonCode().name(), details(r)};
    List<List<String>> lines = new ArrayList<>();
    int height = 1;
    for (int i = 0; i < cells.length; i++) {
      List<String> l = wrap(cells[i], t.regular(), WIDTHS[i] - 4);
      lines.add(l);
      height = Math.max(height, l.size());
    }
    float needed = height * LINE + 2;
    if (t.y() - needed < TextLayout.MARGIN) {
      t.newPage();
      header(t);
    }
    float top = t.reserve(needed);
    float x = TextLayout.MARGIN;
    for (int i = 0; i < cells.length; i++) {
      float baseline = top - FONT;
      for (String line : lines.get(i)) {
        t.text(line, t.regular(), FONT, x, baseline);
        baseline -= LINE;
      }
      x += WIDTHS[i];
    }
  }

  static String details(AuditRecord r) {
    StringBuilder sb = new StringBuilder();
    if (!r.caseReferences().isEmpty()) {
      sb.append("cases ").append(String.join(", ", r.caseReferences()));
    }
    if (!r.persons().isEmpty()) {
      sb.append(sb.length() == 0 ? "" : "; ").append("persons ").append(String.join(", ", r.persons()));
    }
    for (Map.Entry<String, String> d : new TreeMap<>(r.details()).entrySet()) {
      sb.append(sb.length() == 0 ? "" : "; ").append(d.getKey()).append('=').append(d.getValue());
    }
    String s = sb.toString().replaceAll("[\\p{Cntrl}]", " ");
    return s.length() > MAX_DETAILS ? s.substring(0, MAX_DETAILS - 1) + "…" : s;
  }

  /** Word-wraps, then breaks any word still wider than the column. */
  private static List<String> wrap(String text, PDFont font, float width) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : TextLayout.wrap(text, font, FONT, width)) {
      StringBuilder part = new StringBuilder();
      for (int i = 0; i < line.length(); ) {
        int cp = line.codePointAt(i);
        String next = part + new String(Character.toChars(cp));
        if (part.length() > 0 && font.getStringWidth(next) / 1000 * FONT > width) {
          out.add(part.toString());
          part = new StringBuilder(new String(Character.toChars(cp)));
        } else {
          part = new StringBuilder(next);
        }
        i += Character.charCount(cp);
      }
      out.add(part.toString());
    }
    return out;
  }

  private static void numberPages(PDDocument doc, PDFont font, String gatewayId) throws IOException {
    int n = doc.getNumberOfPages();
    int i = 1;
    for (PDPage page : doc.getPages()) {
      try (PDPageContentStream s = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
        s.beginText();
        s.setFont(font, 8);
        s.newLineAtOffset(TextLayout.MARGIN, TextLayout.MARGIN / 2);
        s.showText("Audit report — gateway " + gatewayId + " — page " + i++ + " of " + n);
        s.endText();
      }
    }
  }

  private void sign(Header h, Path draft, OutputStream out) throws IOException, GatewayException {
    try (PDDocument doc = Loader.loadPDF(draft.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
      PadesSeal.sign(doc, seal, timestamper, "Audit report of gateway " + h.gatewayId() + " for " + h.auditor(),
          h.generated(), out);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
