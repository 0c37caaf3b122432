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
 * PDFBox decodes streams into a cache of at most {@link #MAX_DECODED} bytes in memory, so a small
 * file that inflates to gigabytes is refused rather than filling the heap; PDFBox's own complaints
 * about a damaged file are kept out of the log (logback.xml).
 */
public final class RequestFormReader implements FormFields {
  /** Largest PDF read as a form (16 MiB): a filled form with its embedded font is about 1 MiB. */
  public static final long MAX_FORM_SIZE = 16L << 20;
  /** Most bytes PDFBox may hold for decoded streams of one form (64 MiB, in memory). */
  public static final long MAX_DECODED = 64L << 20;

  /**
   * Reads the form in {@code file} (for {@code mlagw form read}).
   *
   * @throws GatewayException TOO_LARGE if the file is larger than {@link #MAX_FORM_SIZE}; INPUT_INVALID
   *     if it cannot be read
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
      return read(in, size);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "cannot read " + file + " (" + e.getClass().getSimpleName()
          + ")", e);
    }
  }

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
    if (bytes.length > MAX_FORM_SIZE) {
      return Optional.empty();
    }
    try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBuffer(bytes), "",
        MemoryUsageSetting.setupMainMemoryOnly(MAX_DECODED).streamCache)) {
      return fields(doc);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // an encrypted, damaged or over-large PDF is a document to send, not our form: leave it to
      // the documents (its size is checked with the other documents)
      return Optional.empty();
    }
  }

  private static Optional<Map<String, String>> fields(PDDocument doc) throws IOException {
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
      if (f instanceof PDChoice c) {
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
}
