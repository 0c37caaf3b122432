package eu.mlagw.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human-readable (verification-report.txt) and machine-readable (verification-report.json)
 * account of what was checked when a package was opened: who sealed it and when, the certificate
 * path and revocation sources, the envelope, and every entry with its SHA-256.
 */
public final class VerificationReport {
  public static final String TEXT_FILE = "verification-report.txt";
  public static final String JSON_FILE = "verification-report.json";

  private final OpenedPackage opened;
  private final String recipientId;
  private final X509Certificate recipientCertificate;

  public VerificationReport(OpenedPackage opened, String recipientId, X509Certificate recipientCertificate) {
    this.opened = opened;
    this.recipientId = recipientId;
    this.recipientCertificate = recipientCertificate;
  }

  public String toText() {
    StringBuilder b = new StringBuilder();
    PackageMetadata m = opened.metadata();
    b.append("VERIFICATION REPORT — package ").append(m.packageId()).append("\n\n");
    b.append("Result: VERIFIED. Every check below passed before any document was released.\n\n");
    b.append("Sender:      ").append(m.sender()).append('\n');
    b.append("Recipients:  ").append(String.join(", ", m.recipients())).append('\n');
    b.append("Opened as:   ").append(recipientId).append(" (encryption certificate ")
        .append(recipientCertificate.getSubjectX500Principal().getName()).append(")\n");
    b.append("Created:     ").append(m.created()).append('\n');
    if (!m.subject().isEmpty()) {
      b.append("Subject:     ").append(m.subject()).append('\n');
    }
    b.append("\nEnvelope: CMS AuthEnvelopedData, AES-GCM, ").append(opened.segments())
        .append(opened.segments() == 1 ? " segment" : " segments").append(", every authentication tag valid; ")
        .append(opened.packageSize()).append(" bytes\n");
    b.append("\nSeal (CAdES detached signature over META-INF/ASiCManifest.xml): VALID\n");
    b.append("  Signed by:    ").append(opened.signature().signer().getSubjectX500Principal().getName()).append('\n');
    b.append("  Signed at:    ").append(opened.signature().signingTime()).append(" (claimed by the sender)\n");
    b.append("  Trusted time: ").append(opened.signature().trustedTimeLine()).append('\n');
    b.append("  Checked at:   ").append(opened.signature().validatedAt().at()).append(" (")
        .append(opened.signature().validatedAt().source()).append("; certificates valid and not revoked then)\n");
    b.append("  Algorithm:    ").append(opened.signature().signatureAlgorithm()).append('\n');
    b.append("  Certificate path (trusted):\n");
    for (X509Certificate c : opened.signature().chain()) {
      b.append("    - ").append(c.getSubjectX500Principal().getName()).append("\n      serial ")
          .append(c.getSerialNumber().toString(16)).append(", valid ").append(c.getNotBefore().toInstant())
          .append(" to ").append(c.getNotAfter().toInstant()).append(", SHA-256 ").append(fingerprint(c)).append('\n');
    }
    b.append("  Revocation checked against:\n");
    for (String s : opened.signature().revocationSources()) {
      b.append("    - ").append(s).append('\n');
    }
    b.append("\nEntries (SHA-256 matches the signed manifest):\n");
    for (AsicManifest.Reference r : opened.verifiedEntries()) {
      b.append("  OK  ").append(r.name()).append("  ").append(r.mediaType()).append("  ")
          .append(PackageOpener.hex(r.sha256())).append('\n');
    }
    return b.toString();
  }

  public String toJson() {
    PackageMetadata m = opened.metadata();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("result", "VERIFIED");
    root.put("packageId", m.packageId());
    root.put("sender", m.sender());
    root.put("recipients", m.recipients());
    root.put("openedAs", recipientId);
    root.put("created", m.created().toString());
    root.put("subject", m.subject());
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("format", "CMS AuthEnvelopedData (RFC 5083), AES-GCM");
    env.put("segments", opened.segments());
    env.put("bytes", opened.packageSize());
    env.put("tagsValid", true);
    root.put("envelope", env);
    Map<String, Object> sig = new LinkedHashMap<>();
    sig.put("valid", true);
    sig.put("signer", opened.signature().signer().getSubjectX500Principal().getName());
    sig.put("signingTime", opened.signature().signingTime().toString());
    sig.put("level", "CAdES-" + opened.signature().level());
    opened.signature().trustedTime().ifPresent(t -> {
      Map<String, Object> ts = new LinkedHashMap<>();
      ts.put("time", t.time().toString());
      ts.put("authority", t.authorityName());
      ts.put("policy", t.policy());
      sig.put("trustedTime", ts);
    });
    sig.put("validatedAt", opened.signature().validatedAt().at().toString());
    sig.put("validationTimeSource", opened.signature().validatedAt().source());
    sig.put("algorithm", opened.signature().signatureAlgorithm());
    List<Map<String, Object>> chain = new ArrayList<>();
    for (X509Certificate c : opened.signature().chain()) {
      Map<String, Object> cert = new LinkedHashMap<>();
      cert.put("subject", c.getSubjectX500Principal().getName());
      cert.put("issuer", c.getIssuerX500Principal().getName());
      cert.put("serial", c.getSerialNumber().toString(16));
      cert.put("notBefore", c.getNotBefore().toInstant().toString());
      cert.put("notAfter", c.getNotAfter().toInstant().toString());
      cert.put("sha256", fingerprint(c));
      chain.add(cert);
    }
    sig.put("chain", chain);
    sig.put("revocationSources", opened.signature().revocationSources());
    root.put("seal", sig);
    List<Map<String, Object>> entries = new ArrayList<>();
    for (AsicManifest.Reference r : opened.verifiedEntries()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", r.name());
      e.put("mediaType", r.mediaType());
      e.put("sha256", PackageOpener.hex(r.sha256()));
      e.put("digestMatches", true);
      entries.add(e);
    }
    root.put("entries", entries);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report serialisation cannot fail for maps of strings", e);
    }
  }

  static String fingerprint(X509Certificate c) {
    try {
      return PackageOpener.hex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      return "unavailable";
    }
  }
}
