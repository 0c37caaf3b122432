package eu.mlagw.pkg;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What to seal: the sender's participant id, the recipients' ids and their encryption certificates
 * (same order), the documents, an optional subject line, and the package id (null: a new UUIDv7;
 * the gateway passes its exchange id so the package and the exchange share one id), and optionally
 * the canonical request ({@code request.xml}, urn:mlagw:request:1), sealed like the documents.
 */
public record SealRequest(String sender, List<String> recipients, List<X509Certificate> recipientCertificates,
    List<DocumentSource> documents, String subject, String packageId, byte[] requestXml) {

  public SealRequest(String sender, List<String> recipients, List<X509Certificate> recipientCertificates,
      List<DocumentSource> documents, String subject) {
    this(sender, recipients, recipientCertificates, documents, subject, null, null);
  }

  public SealRequest(String sender, List<String> recipients, List<X509Certificate> recipientCertificates,
      List<DocumentSource> documents, String subject, String packageId) {
    this(sender, recipients, recipientCertificates, documents, subject, packageId, null);
  }

  public SealRequest {
    recipients = List.copyOf(recipients);
    recipientCertificates = List.copyOf(recipientCertificates);
    documents = List.copyOf(documents);
    if (recipients.size() != recipientCertificates.size()) {
      throw new IllegalArgumentException("one encryption certificate per recipient is needed");
    }
  }
}
