package eu.mlagw.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a complete sample PKI for {@code mlagw pki init}:
 * <pre>
 * OUT/ca/root-ca.pem, root-ca.crl.pem, root-ca.p12       root CA (self-signed) and its CRL
 * OUT/ca/issuing-ca.pem, issuing-ca.crl.pem, issuing-ca.p12  issuing CA and its CRL
 * OUT/participants/ID/seal.pem, seal.p12                 seal (signing) certificate and key
 * OUT/participants/ID/encryption.pem, encryption.p12     encryption certificate and key
 * OUT/gateways/ID/tls.pem, tls.p12                       TLS server+client certificate and key
 * OUT/gateways/ID/seal.pem, seal.p12                     the gateway's seal, for signing evidences
 * OUT/gateways/ID/note.p12                               the gateway's Ed25519 note key, for signing checkpoints
 * OUT/tsa/tsa.pem, tsa.p12                               the time-stamping authority (critical EKU
 *                                                        id-kp-timeStamping), served by {@code mlagw tsa}
 * OUT/ca/root-ca.cer, issuing-ca.cer, *.crl              DER copies to publish at the AIA / CRL URLs
 * OUT/auditors/NAME/auditor.pem, auditor.p12             an auditor's client certificate (audit API);
 *                                                        the .pem holds it followed by the issuing CA
 * OUT/truststore.p12                                     the root CA as a trusted certificate
 * </pre>
 * Every PKCS#12 file uses the one password given by the caller. Validity: CAs 10 years,
 * end entities 3 years, CRLs 10 years (sample only: a real CA publishes CRLs often). Every certificate below the
 * root carries authority-info-access (caIssuers: PUBLICATION/ISSUER.cer) and a CRL distribution point
 * (PUBLICATION/ISSUER.crl), PUBLICATION being {@link #DEFAULT_PUBLICATION_URL} unless given.
 */
public final class SamplePkiWriter {
  /** Where the sample CAs say they publish (an example.org placeholder: publish the .cer/.crl files there). */
  public static final String DEFAULT_PUBLICATION_URL = "http://pki.example.org/mlagw/";

  private final SecureRandom random;
  private final KeyKind kind;
  private final Instant now;
  private String publicationUrl = DEFAULT_PUBLICATION_URL;

  /** The base URL the CAs publish their certificates and CRLs under (ends with '/'). */
  public SamplePkiWriter publishingAt(String baseUrl) {
    this.publicationUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    return this;
  }

  public SamplePkiWriter(SecureRandom random, KeyKind kind, Instant now) {
    this.random = random;
    this.kind = kind;
    this.now = now;
  }

  /** Writes the PKI under {@code out} (created; must not already contain a PKI). */
  public List<Path> write(Path out, String organisation, List<String> participants, List<String> gateways,
      char[] password) throws IOException {
    return write(out, organisation, participants, gateways, List.of(), password);
  }

  /** Like {@link #write(Path, String, List, List, char[])}, plus an auditor credential per name. */
  public List<Path> write(Path out, String organisation, List<String> participants, List<String> gateways,
      List<String> auditors, char[] password) throws IOException {
    return write(out, organisation, participants, gateways, auditors, List.of(), password);
  }

  /** As above, plus an operator credential (web console) per name in {@code operators}. */
  public List<Path> write(Path out, String organisation, List<String> participants, List<String> gateways,
      List<String> auditors, List<String> operators, char[] password) throws IOException {
    if (Files.exists(out.resolve("ca/root-ca.pem"))) {
      throw new IOException(out + " already holds a PKI (ca/root-ca.pem exists); choose another --out");
    }
    Instant start = now.minus(Duration.ofDays(1));
    Instant caEnd = now.plus(Duration.ofDays(3653));
    Instant leafEnd = now.plus(Duration.ofDays(1096));
    List<Path> written = new ArrayList<>();
    CertificateAuthority root = CertificateAuthority.createRoot("CN=" + organisation + " Root CA,O=" + organisation,
        KeyKind.RSA_3072, start, caEnd, random).publishingAt(new CertificateAuthority.Publication(
            publicationUrl + "root-ca.cer", publicationUrl + "root-ca.crl"));
    CertificateAuthority issuing = root.createSubordinate("CN=" + organisation + " Issuing CA,O=" + organisation,
        KeyKind.RSA_3072, start, caEnd).publishingAt(new CertificateAuthority.Publication(
            publicationUrl + "issuing-ca.cer", publicationUrl + "issuing-ca.crl"));
    Path ca = Files.createDirectories(out.resolve("ca"));
    written.add(writePem(ca.resolve("root-ca.pem"), KeyStoreFiles.pem(root.certificate())));
    written.add(writePem(ca.resolve("issuing-ca.pem"), KeyStoreFiles.pem(issuing.certificate())));
    java.security.cert.X509CRL rootCrl = root.issueCrl(List.of(), start, caEnd, BigInteger.ONE);
    java.security.cert.X509CRL issuingCrl = issuing.issueCrl(List.of(), start, caEnd, BigInteger.ONE);
    try {
      written.add(writeDer(ca.resolve("root-ca.cer"), root.certificate().getEncoded()));
      written.add(writeDer(ca.resolve("issuing-ca.cer"), issuing.certificate().getEncoded()));
      written.add(writeDer(ca.resolve("root-ca.crl"), rootCrl.getEncoded()));
      written.add(writeDer(ca.resolve("issuing-ca.crl"), issuingCrl.getEncoded()));
    } catch (java.security.cert.CertificateEncodingException | java.security.cert.CRLException e) {
      throw new IOException("cannot encode the CA certificates or CRLs: " + e.getMessage(), e);
    }
    written.add(writeP12(ca.resolve("root-ca.p12"), "root-ca", root.credential(), password));
    written.add(writeP12(ca.resolve("issuing-ca.p12"), "issuing-ca", issuing.credential(), password));
    // the same CRLs as PEM, for gateway.yaml trust.crls (written after the certificates so the DER and PEM agree)
    written.add(writePem(ca.resolve("root-ca.crl.pem"), KeyStoreFiles.pem(rootCrl)));
    written.add(writePem(ca.resolve("issuing-ca.crl.pem"), KeyStoreFiles.pem(issuingCrl)));
    Path tsaDir = Files.createDirectories(out.resolve("tsa"));
    Credential tsa = issuing.issue(CertificateRole.TIME_STAMPING, "CN=" + organisation + " Time-Stamping Authority,O="
        + organisation, KeyKind.RSA_3072, start, leafEnd, List.of());
    written.add(writePem(tsaDir.resolve("tsa.pem"), KeyStoreFiles.pem(tsa.certificate())));
    written.add(writeP12(tsaDir.resolve("tsa.p12"), "tsa", tsa, password));
    for (String id : participants) {
      Path dir = Files.createDirectories(out.resolve("participants").resolve(id));
      Credential seal = issuing.issue(CertificateRole.SEAL, "CN=" + id + " seal,OU=" + id + ",O=" + organisation,
          kind, start, leafEnd, List.of());
      Credential enc = issuing.issue(CertificateRole.ENCRYPTION, "CN=" + id + " encryption,OU=" + id + ",O="
          + organisation, kind, start, leafEnd, List.of());
      written.add(writePem(dir.resolve("seal.pem"), KeyStoreFiles.pem(seal.certificate())));
      written.add(writeP12(dir.resolve("seal.p12"), "seal", seal, password));
      written.add(writePem(dir.resolve("encryption.pem"), KeyStoreFiles.pem(enc.certificate())));
      written.add(writeP12(dir.resolve("encryption.p12"), "encryption", enc, password));
    }
    for (String id : gateways) {
      Path dir = Files.createDirectories(out.resolve("gateways").resolve(id));
      Credential tls = issuing.issue(CertificateRole.TLS, "CN=" + id + ",O=" + organisation, kind, start, leafEnd,
          List.of(id));
      written.add(writePem(dir.resolve("tls.pem"), KeyStoreFiles.pem(tls.certificate())));
      written.add(writeP12(dir.resolve("tls.p12"), "tls", tls, password));
      // the gateway's own seal, for the evidences it issues about exchanges (with the gateway-seal key purpose)
      Credential seal = issuing.issue(CertificateRole.GATEWAY_SEAL, "CN=" + id + " evidence seal,O=" + organisation, kind,
          start, leafEnd, List.of());
      written.add(writePem(dir.resolve("seal.pem"), KeyStoreFiles.pem(seal.certificate())));
      written.add(writeP12(dir.resolve("seal.p12"), "seal", seal, password));
      // the Ed25519 note key that signs audit checkpoints as C2SP signed notes (named when loaded)
      written.add(writeP12(dir.resolve(GatewayKeys.NOTE_KEYSTORE), "note", NoteSigner.generateCredential(id, random),
          password));
    }
    for (String name : auditors) {
      Path dir = Files.createDirectories(out.resolve("auditors").resolve(name));
      Credential auditor = issuing.issue(CertificateRole.AUDITOR, "CN=" + name + ",OU=auditors,O=" + organisation, kind,
          start, leafEnd, List.of());
      // the certificate and its issuing CA: the chain a TLS client (curl --cert) presents; the audit API
      // builds the path to its trust anchors from what the client sends
      written.add(writePem(dir.resolve("auditor.pem"), KeyStoreFiles.pem(auditor.certificate())
          + KeyStoreFiles.pem(issuing.certificate())));
      written.add(writeP12(dir.resolve("auditor.p12"), "auditor", auditor, password));
    }
    for (String name : operators) {
      Path dir = Files.createDirectories(out.resolve("operators").resolve(name));
      Credential operator = issuing.issue(CertificateRole.OPERATOR, "CN=" + name + ",OU=operators,O=" + organisation,
          kind, start, leafEnd, List.of());
      written.add(writePem(dir.resolve("operator.pem"), KeyStoreFiles.pem(operator.certificate())
          + KeyStoreFiles.pem(issuing.certificate())));
      written.add(writeP12(dir.resolve("operator.p12"), "operator", operator, password));
    }
    Path trust = out.resolve("truststore.p12");
    KeyStoreFiles.writeTrustStore(trust, List.of(root.certificate()), password);
    written.add(trust);
    return written;
  }

  private static Path writePem(Path file, String pem) throws IOException {
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return file;
  }

  private static Path writeDer(Path file, byte[] der) throws IOException {
    Files.write(file, der);
    return file;
  }

  private static Path writeP12(Path file, String alias, Credential credential, char[] password) throws IOException {
    KeyStoreFiles.writeCredential(file, alias, credential, password);
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: permissions are the OS default
    }
    return file;
  }
}
