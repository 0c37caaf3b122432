package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.metadata.FormFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDChoice;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDNonTerminalField;

/**
 * Reads a filled-in request form: field name → value (choice fields give the code, not the label;
 * empty fields are left out). A PDF is a request form if its document information carries
 * {@value RequestFormWriter#MARKER} or its form has both {@code subject} and {@code exchangeType}
 * fields (some readers drop custom information when saving). Other PDFs (the documents), also
 * encrypted or damaged ones, are "not a form". Thread-safe.
 *
 * <p>Bounded, because anyone who can write into a drop folder hands us the PDF: a form larger than
 * {@link #MAX_FORM_SIZE} is not read at all (in a submission it is then a document like any other);
 * a PDF whose Flate streams unpack to more than {@link #MAX_DECODED} bytes is refused before PDFBox
 * loads it ({@link InflationCheck}: PDFBox unpacks a stream it needs wholly into memory); a field
 * value given as a stream is unpacked here, up to {@link #MAX_FIELD_VALUE} bytes; PDFBox's own
 * complaints about a damaged file are kept out of the log (logback.xml).
 */
public final class RequestFormReader implements FormFields {
  /** Largest PDF read as a form (16 MiB): a filled form with its embedded font is about 1 MiB. */
  public static final long MAX_FORM_SIZE = 16L << 20;
  /** Most bytes PDFBox may hold for decoded streams of one form (64 MiB, in memory). */
  public static final long MAX_DECODED = 64L << 20;
  /** Most bytes of one field's value (64 KiB): the longest field, the summary, takes far less. */
  public static final int MAX_FIELD_VALUE = 64 * 1024;

  /**
   * Reads the form in {@code file} (for {@code mlagw form read}): empty if it is a PDF but not a
   * request form.
   *
   * @throws GatewayException TOO_LARGE if the file or a field is larger than a form may be, or
   *     decoding it would take more than {@link #MAX_DECODED} bytes; INPUT_INVALID if it cannot be read
   */
  public Optional<Map<String, String>> read(Path file) throws GatewayException {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + file + " (" + e.getClass().getSimpleName()
          + "); check that it exists and is readable", e);
    }
    if (size > MAX_FORM_SIZE) {
      throw new GatewayException(ReasonCode.TOO_LARGE, file.getFileName() + " has " + size + " bytes; a request form "
          + "may have at most " + MAX_FORM_SIZE + " bytes (16 MiB). Fill in a new form (mlagw form new)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in.readNBytes((int) MAX_FORM_SIZE + 1), file.getFileName().toString());
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + file + " (" + e.getClass().getSimpleName()
          + ")", e);
    }
  }

  /** As {@link #read(Path)}, but a PDF that cannot be read safely is simply not a form (a document). */
  @Override
  public Optional<Map<String, String>> read(InputStream pdf, long size) throws GatewayException {
    if (size > MAX_FORM_SIZE) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = pdf.readNBytes((int) MAX_FORM_SIZE + 1);
    } catch (IOException e) {
      throw eu.mlagw.error.GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "cannot read the PDF");
    }
    try {
      return parse(bytes, "the PDF");
    } catch (GatewayException e) {
      // an encrypted, damaged or over-large PDF is a document to send, not our form: leave it to
      // the documents (its size is checked with the other documents)
      return Optional.empty();
    }
  }

  private static Optional<Map<String, String>> parse(byte[] bytes, String shown) throws GatewayException {
    if (bytes.length > MAX_FORM_SIZE) {
      throw new GatewayException(ReasonCode.TOO_LARGE, shown + " has more than " + MAX_FORM_SIZE + " bytes; a request "
          + "form may have at most 16 MiB. Fill in a new form (mlagw form new)");
    }
    if (InflationCheck.exceeds(bytes, MAX_DECODED)) {
      throw decodedTooLarge(shown);
    }
    try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBuffer(bytes), "",
        MemoryUsageSetting.setupMainMemoryOnly(MAX_DECODED).streamCache)) {
      return fields(doc, shown);
    } catch (GatewayException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("Maximum allowed")) {
        throw decodedTooLarge(shown);
      }
      // an encrypted or damaged PDF (or not a PDF at all) is not our form
      return Optional.empty();
    }
  }

  private static GatewayException decodedTooLarge(String shown) {
    return new GatewayException(ReasonCode.TOO_LARGE, shown + " holds compressed data that unpacks to more than "
        + MAX_DECODED + " bytes, more than a request form ever needs; fill in a new form (mlagw form new)");
  }

  private static Optional<Map<String, String>> fields(PDDocument doc, String shown)
      throws IOException, GatewayException {
    PDAcroForm form = doc.getDocumentCatalog().getAcroForm();
    if (form == null) {
      return Optional.empty();
    }
    boolean marked = RequestFormWriter.FORM_VERSION.equals(
        doc.getDocumentInformation().getCustomMetadataValue(RequestFormWriter.MARKER));
    if (!marked && (form.getField("subject") == null || form.getField("exchangeType") == null)) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (PDField f : form.getFieldTree()) {
      if (f instanceof PDNonTerminalField) {
        continue;
      }
      String v;
      COSBase raw = inheritedValue(f);
      if (raw instanceof COSStream stream) {
        v = boundedText(stream, f.getFullyQualifiedName(), shown); // a "text stream" value: read within bounds
      } else if (f instanceof PDChoice c) {
        List<String> selected = c.getValue();
        v = selected.isEmpty() ? "" : selected.get(0);
      } else {
        v = f.getValueAsString();
      }
      if (v != null && !v.isBlank()) {
        values.put(f.getFullyQualifiedName().replace('_', '.'), v.strip());
      }
    }
    return Optional.of(values);
  }

  /** The field's /V, inherited from its parents as PDF fields do (null if none). */
  private static COSBase inheritedValue(PDField f) {
    for (PDField at = f; at != null; at = at.getParent()) {
      COSBase v = at.getCOSObject().getDictionaryObject(COSName.V);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * A text-stream value, decoded up to {@link #MAX_FIELD_VALUE} bytes and refused beyond. Decoded
   * here, streaming: PDFBox's own decoding would unpack the whole stream into memory first. A form
   * field needs no filter but Flate.
   */
  private static String boundedText(COSStream stream, String field, String shown) throws IOException, GatewayException {
    COSBase filter = stream.getFilters();
    if (filter instanceof COSArray a && a.size() == 1) {
      filter = a.getObject(0);
    }
    boolean flate = COSName.FLATE_DECODE.equals(filter) || COSName.FLATE_DECODE_ABBREVIATION.equals(filter);
    if (filter != null && !flate || stream.getDictionaryObject(COSName.DECODE_PARMS) != null) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the field '" + field + "' of " + shown + " is encoded "
          + "in a way request forms never are; fill in a new form (mlagw form new)");
    }
    InputStream raw = stream.createRawInputStream();
    try (InputStream in = flate ? new java.util.zip.InflaterInputStream(raw) : raw) {
      byte[] text = in.readNBytes(MAX_FIELD_VALUE + 1);
      if (text.length > MAX_FIELD_VALUE) {
        throw new GatewayException(ReasonCode.TOO_LARGE, "the field '" + field + "' of " + shown + " holds more than "
            + MAX_FIELD_VALUE + " bytes; a form field holds a short text — put long texts into a document");
      }
      return new COSString(text).getString();
    }
  }
}
