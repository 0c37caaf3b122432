package eu.mlagw.pdf;

import eu.mlagw.error.GatewayException;
import eu.mlagw.metadata.FormFields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
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
 */
public final class RequestFormReader implements FormFields {
  @Override
  public Optional<Map<String, String>> read(Path file) throws GatewayException {
    try (PDDocument doc = Loader.loadPDF(file.toFile())) {
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
    } catch (IOException e) {
      // an encrypted or damaged PDF is a document to send, not our form: leave it to the documents
      return Optional.empty();
    }
  }
}
