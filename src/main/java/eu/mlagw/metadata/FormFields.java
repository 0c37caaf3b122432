package eu.mlagw.metadata;

import eu.mlagw.error.GatewayException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fields of a filled-in request form. Implemented in pdf/ (the only PDFBox user) by
 * {@code eu.mlagw.pdf.RequestFormReader}; metadata/ only sees field names → values.
 */
public interface FormFields {
  /**
   * The form's fields (canonical keys such as {@code subject}, {@code persons.1.name},
   * {@code offences.2}; empty values left out), or empty if the PDF in {@code pdf} ({@code size}
   * bytes) is not a gateway request form — also if it is larger than a form may be, or damaged.
   *
   * @throws GatewayException INPUT_INVALID if the file is a request form that cannot be read
   */
  Optional<Map<String, String>> read(InputStream pdf, long size) throws GatewayException;
}
