package eu.mlagw.pdf;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.SignatureTimestamper;
import eu.mlagw.error.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

/**
 * Seals a finished PDF with the gateway's key as a PAdES baseline B signature (ETSI EN 319 142-1):
 * an invisible signature field, filter Adobe.PPKLite, subfilter ETSI.CAdES.detached, the claimed
 * signing time in the dictionary's /M (the CMS carries none), the CMS made by
 * {@link DetachedSigner#signPades} over every byte but the signature value. Written as an
 * incremental update, so a PDF/A draft stays PDF/A (its metadata is in the signed part). The CMS,
 * timestamp included, fills /Contents exactly, without the zero padding that strict DER readers
 * (Bouncy Castle 1.82+, hence DSS on it) refuse. With a
 * {@link SignatureTimestamper} the signature gets an RFC 3161 timestamp (B-T); without, it is B-B.
 * The receipt and the audit report use it. Stateless.
 */
final class PadesSeal {
  private PadesSeal() {}

  /**
   * Signs {@code draft} (loaded from a saved file or bytes) and writes the signed file to {@code out}.
   *
   * @param timestamper the TSA seam, or null for baseline B
   * @param reason the signature dictionary's /Reason (shown by PDF readers)
   * @param when the claimed signing time (/M)
   */
  static void sign(PDDocument draft, DetachedSigner seal, SignatureTimestamper timestamper, String reason,
      Instant when, OutputStream out) throws IOException, GatewayException {
    PDSignature signature = new PDSignature();
    signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
    signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
    signature.setName(seal.credential().certificate().getSubjectX500Principal().getName());
    signature.setReason(reason);
    Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    calendar.setTimeInMillis(when.toEpochMilli());
    signature.setSignDate(calendar);
    GatewayException[] failure = {null};
    // the signature, with its timestamp if any, fills its room exactly (no zero padding, see DetachedSigner)
    int exact = seal.padesLength(timestamper);
    try (SignatureOptions options = new SignatureOptions()) {
      options.setPreferredSignatureSize(exact);
      draft.addSignature(signature, content -> {
        try {
          return seal.signPades(content, timestamper, exact);
        } catch (GatewayException e) {
          failure[0] = e;
          throw new IOException(e.getMessage(), e);
        }
      }, options);
      try {
        draft.saveIncremental(out);
      } catch (IOException e) {
        if (failure[0] != null) {
          throw failure[0];
        }
        throw e;
      }
    }
  }
}
