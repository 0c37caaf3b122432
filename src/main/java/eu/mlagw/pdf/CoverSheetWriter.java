package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.CodeLists;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The cover sheet that lands in the recipient's inbox beside the documents: a summary of the request
 * in the recipient's language — urgency, deadline and confidentiality in a box at the top; then
 * subject, offices by name (id in small text), case references labelled by whose they are,
 * authorities, offences, persons (original script plus Latin / Cyrillic / ASCII), measures, handling
 * conditions, documents with roles and SHA-256. Headings are kept with their content (none ends a
 * page). Coded values are shown as labels in that
 * language; free text as written, with its language in brackets. DejaVu Sans is embedded (subset).
 * PDF/A-3b ({@link PdfA}).
 */
public final class CoverSheetWriter {
  private final Mappings mappings;
  private final Function<String, String> officeNames;

  /** Offices are shown by id only. */
  public CoverSheetWriter(Mappings mappings) {
    this(mappings, id -> null);
  }

  /**
   * @param officeNames a participant id's office name from the directory ("Higher Court in
   *     Belgrade"), or null when unknown; the id is printed in small text under the name
   */
  public CoverSheetWriter(Mappings mappings, Function<String, String> officeNames) {
    this.mappings = mappings;
    this.officeNames = officeNames;
  }

  public void write(CanonicalRequest r, String language, OutputStream out) throws GatewayException {
    write(r, language, Instant.now(), out);
  }

  /** Same, with the creation time the PDF/A metadata states (one time, byte-identical output). */
  public void write(CanonicalRequest r, String language, Instant created, OutputStream out) throws GatewayException {
    String lang = mappings.languageOrDefault(language);
    Messages m = mappings.messages();
    CodeLists c = mappings.codeLists();
    try (PDDocument doc = new PDDocument()) {
      PdfA.apply(doc, m.text(lang, "cover.title") + " " + nz(r.exchangeId()), created);
      try (TextLayout t = new TextLayout(doc, PdfFonts.regular(doc, false), PdfFonts.bold(doc))) {
        t.heading(m.text(lang, "cover.title") + ": " + c.label("exchange-type", r.exchangeType(), lang), 15);
        // what must not be overlooked stands in a box at the top, not in the body
        List<String> prominent = new ArrayList<>();
        if (r.urgency() != null) {
          prominent.add(m.fieldLabel(lang, "urgency") + ": " + label(c, "urgency", r.urgency(), lang)
              + (r.deadline() == null ? "" : " — " + m.fieldLabel(lang, "deadline") + ": " + r.deadline()));
        } else if (r.deadline() != null) {
          prominent.add(m.fieldLabel(lang, "deadline") + ": " + r.deadline());
        }
        if (r.confidentiality() != null) {
          prominent.add(m.fieldLabel(lang, "confidentiality") + ": "
              + label(c, "confidentiality", r.confidentiality(), lang));
        }
        if (!prominent.isEmpty()) {
          t.box(prominent, 12);
        }
        t.field(m.fieldLabel(lang, "subject"), free(r.subject()));
        t.field(m.text(lang, "cover.exchangeId"), r.exchangeId());
        office(t, m.text(lang, "cover.sender"), r.sender());
        office(t, m.text(lang, "cover.recipient"), r.recipient());
        // the form's "your case reference" is the sender's: on the recipient's sheet it is the sender's
        t.field(m.text(lang, "cover.senderCaseReference"), r.caseReference());
        t.field(m.fieldLabel(lang, "recipientCaseReference"), r.recipientCaseReference());
        if (r.inReplyTo() != null) {
          t.field(m.fieldLabel(lang, "inReplyTo"), r.inReplyTo());
        }
        t.field(m.fieldLabel(lang, "legalBasis"), label(c, "legal-basis", r.legalBasis(), lang));
        t.field(m.fieldLabel(lang, "issuingAuthority"), r.issuingAuthority());
        t.field(m.fieldLabel(lang, "executingAuthority"), r.executingAuthority());
        t.field(m.fieldLabel(lang, "offences"), labels(c, "offence-category", r.offences(), lang));
        t.field(m.fieldLabel(lang, "offenceDescription"), free(r.offenceDescription()));
        t.field(m.fieldLabel(lang, "measures"), labels(c, "measure", r.measures(), lang));
        t.field(m.fieldLabel(lang, "measureDescription"), free(r.measureDescription()));
        t.field(m.fieldLabel(lang, "handlingCodes"), labels(c, "handling-code", r.handlingCodes(), lang));
        t.field(m.fieldLabel(lang, "handlingConditions"), free(r.handlingConditions()));
        t.heading(m.fieldLabel(lang, "persons"), 12);
        int i = 1;
        for (CanonicalRequest.Person p : r.persons()) {
          String head = m.text(lang, "form.person", i++) + (p.role() == null ? "" : " – "
              + c.label("person-role", p.role(), lang));
          StringBuilder v = new StringBuilder(p.name() == null ? "—" : p.name().original());
          if (p.name() != null) {
            v.append("\n").append(m.text(lang, "cover.nameForms")).append(": ").append(p.name().latin()).append(" / ")
                .append(p.name().cyrillic()).append(" / ").append(p.name().ascii());
          }
          if (p.birthDate() != null) {
            v.append("\n").append(m.fieldLabel(lang, "persons.birthDate")).append(": ").append(p.birthDate());
          }
          if (p.nationality() != null) {
            v.append("\n").append(m.fieldLabel(lang, "persons.nationality")).append(": ").append(p.nationality());
          }
          t.field(head, v.toString());
        }
        t.heading(m.fieldLabel(lang, "documents"), 12);
        for (CanonicalRequest.DocumentRef d : r.documents()) {
          String v = c.label("document-role", d.role(), lang) + (d.language() == null ? "" : " (" + d.language() + ")")
              + (d.sha256() == null ? "" : "\n" + m.text(lang, "cover.sha256") + ": " + d.sha256());
          t.field(d.file(), v);
        }
        t.paragraph(m.text(lang, "cover.freeText"), t.regular(), 8, 0);
      }
      doc.save(out);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write the cover sheet: " + e.getMessage(), e);
    }
  }

  /** The office's name, its id in small text under it; the id alone when the directory has no name. */
  private void office(TextLayout t, String label, String id) throws IOException {
    String name = id == null ? null : officeNames.apply(id);
    if (name == null || name.isBlank()) {
      t.field(label, id);
    } else {
      t.field(label, name, id);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String free(CanonicalRequest.LangText t) {
    return t == null ? null : t.text() + " [" + t.lang() + "]";
  }

  private static String label(CodeLists c, String list, String code, String lang) {
    return code == null ? null : c.label(list, code, lang);
  }

  private static String labels(CodeLists c, String list, List<String> codes, String lang) {
    return codes.isEmpty() ? null : codes.stream().map(x -> "• " + c.label(list, x, lang))
        .collect(Collectors.joining("\n"));
  }
}
