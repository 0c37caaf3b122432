package eu.mlagw.pkg;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What to seal: the sender's participant id, the recipients' ids and their encryption certificates
 * (same order), the documents, and an optional subject line.
 */
public record SealRequest(String sender, List<String> recipients, List<X509Certificate> recipientCertificates,
    List<DocumentSource> documents, String subject) {
  public SealRequest {
    recipients = List.copyOf(recipients);
    recipientCertificates = List.copyOf(recipientCertificates);
    documents = List.copyOf(documents);
    if (recipients.size() != recipientCertificates.size()) {
      throw new IllegalArgumentException("one encryption certificate per recipient is needed");
    }
  }
}
