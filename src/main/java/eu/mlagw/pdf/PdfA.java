package eu.mlagw.pdf;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

/**
 * Makes a document PDF/A-3b (ISO 19005-3, level B: the pages look the same in any reader, years
 * from now): XMP metadata naming the part and conformance (pdfaid 3/B) with the title, creator tool,
 * producer and dates matching the document information dictionary, and an sRGB output intent (the
 * ICC profile the JDK ships). The rest PDF/A asks is kept by how the documents are built: every font
 * embedded (DejaVu Sans), no transparency, no encryption, a document ID (PDFBox writes one on save).
 * Call before {@code save}, and before signing. Checked by veraPDF in the tests.
 */
final class PdfA {
  static final String PRODUCER = "MLA Gateway";
  private static final String SRGB = "sRGB IEC61966-2.1";
  private static final DateTimeFormatter XMP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private PdfA() {}

  /** Sets title, creator, producer and dates (info dictionary and XMP alike) and the sRGB output intent. */
  static void apply(PDDocument doc, String title, Instant created) throws IOException {
    Instant when = created.truncatedTo(ChronoUnit.SECONDS);
    Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    calendar.setTimeInMillis(when.toEpochMilli());
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle(title);
    info.setCreator(PRODUCER);
    info.setProducer(PRODUCER);
    info.setCreationDate(calendar);
    info.setModificationDate(calendar);

    PDDocumentCatalog catalog = doc.getDocumentCatalog();
    PDMetadata metadata = new PDMetadata(doc);
    metadata.importXMPMetadata(xmp(title, XMP_TIME.format(when)).getBytes(StandardCharsets.UTF_8));
    catalog.setMetadata(metadata);

    byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    PDOutputIntent intent = new PDOutputIntent(doc, new ByteArrayInputStream(icc));
    intent.setInfo(SRGB);
    intent.setOutputCondition(SRGB);
    intent.setOutputConditionIdentifier(SRGB);
    intent.setRegistryName("http://www.color.org");
    catalog.addOutputIntent(intent);
  }

  private static String xmp(String title, String time) {
    String t = escape(title);
    return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        + "  <rdf:Description rdf:about=\"\"\n"
        + "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
        + "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        + "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
        + "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
        + "   <pdfaid:part>3</pdfaid:part>\n"
        + "   <pdfaid:conformance>B</pdfaid:conformance>\n"
        + "   <dc:format>application/pdf</dc:format>\n"
        + "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + t + "</rdf:li></rdf:Alt></dc:title>\n"
        + "   <xmp:CreatorTool>" + PRODUCER + "</xmp:CreatorTool>\n"
        + "   <xmp:CreateDate>" + time + "</xmp:CreateDate>\n"
        + "   <xmp:ModifyDate>" + time + "</xmp:ModifyDate>\n"
        + "   <xmp:MetadataDate>" + time + "</xmp:MetadataDate>\n"
        + "   <pdf:Producer>" + PRODUCER + "</pdf:Producer>\n"
        + "  </rdf:Description>\n"
        + " </rdf:RDF>\n"
        + "</x:xmpmeta>\n"
        + "<?xpacket end=\"w\"?>";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> {
          if (cp >= 0x20 || cp == '\t') {
            b.appendCodePoint(cp);
          }
        }
      }
    });
    return b.toString();
  }
}
