package eu.mlagw.testing;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * DSS 6.3, the EU's reference validator, as the independent check of our CAdES signatures: the given root is the
 * only trust anchor, the given CRLs the only revocation data besides what the signature carries; no OCSP, no AIA
 * fetching, nothing online.
 */
public final class Dss {
  private Dss() {}

  /** The outcome of one validation: the indication and the CAdES level DSS recognised. */
  public record Result(Indication indication, SignatureLevel level, String subIndication, List<String> errors) {
    @Override
    public String toString() {
      return indication + "/" + subIndication + " " + level + " " + errors;
    }
  }

  /**
   * Validates {@code signature} (a CMS SignedData; {@code detachedContent} null when it encapsulates its content).
   */
  public static Result validate(byte[] signature, byte[] detachedContent, X509Certificate root, List<X509CRL> crls)
      throws Exception {
    CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    trusted.addCertificate(new CertificateToken(root));
    verifier.setTrustedCertSources(trusted);
    verifier.setAIASource(null);
    verifier.setOcspSource(null);
    if (!crls.isEmpty()) {
      List<DSSDocument> docs = new ArrayList<>();
      for (X509CRL crl : crls) {
        docs.add(new InMemoryDocument(crl.getEncoded()));
      }
      verifier.setCrlSource(new ExternalResourcesCRLSource(docs.toArray(new DSSDocument[0])));
    } else {
      verifier.setCrlSource(null);
    }
    SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signature));
    validator.setCertificateVerifier(verifier);
    if (detachedContent != null) {
      validator.setDetachedContents(List.of(new InMemoryDocument(detachedContent)));
    }
    SimpleReport report = validator.validateDocument().getSimpleReport();
    String id = report.getFirstSignatureId();
    return new Result(report.getIndication(id), report.getSignatureFormat(id),
        String.valueOf(report.getSubIndication(id)),
        report.getAdESValidationErrors(id).stream().map(Object::toString).toList());
  }

}
