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
 * OUT/auditors/NAME/auditor.pem, auditor.p12             an auditor's client certificate (audit API);
 *                                                        the .pem holds it followed by the issuing CA
 * OUT/truststore.p12                                     the root CA as a trusted certificate
 * </pre>
 * Every PKCS#12 file uses the one password given by the caller. Validity: CAs 10 years,
 * end entities 3 years, CRLs 10 years (sample only: a real CA publishes CRLs often).
 */
public final class SamplePkiWriter {
  private final SecureRandom random;
  private final KeyKind kind;
  private final Instant now;

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
        KeyKind.RSA_3072, start, caEnd, random);
    CertificateAuthority issuing = root.createSubordinate("CN=" + organisation + " Issuing CA,O=" + organisation,
        KeyKind.RSA_3072, start, caEnd);
    Path ca = Files.createDirectories(out.resolve("ca"));
    written.add(writePem(ca.resolve("root-ca.pem"), KeyStoreFiles.pem(root.certificate())));
    written.add(writePem(ca.resolve("issuing-ca.pem"), KeyStoreFiles.pem(issuing.certificate())));
    written.add(writePem(ca.resolve("root-ca.crl.pem"),
        KeyStoreFiles.pem(root.issueCrl(List.of(), start, caEnd, BigInteger.ONE))));
    written.add(writePem(ca.resolve("issuing-ca.crl.pem"),
        KeyStoreFiles.pem(issuing.issueCrl(List.of(), start, caEnd, BigInteger.ONE))));
    written.add(writeP12(ca.resolve("root-ca.p12"), "root-ca", root.credential(), password));
    written.add(writeP12(ca.resolve("issuing-ca.p12"), "issuing-ca", issuing.credential(), password));
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
