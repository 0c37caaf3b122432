package eu.mlagw.testing;

import eu.mlagw.crypto.CertificateAuthority;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.error.GatewayException;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.SealCertificates;
import eu.mlagw.pkg.zip.ZipLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * A fixed test PKI for the fuzz harnesses, loaded from committed files: a committed seed corpus of
 * sealed packages only decrypts and verifies with the same keys every run, which {@link TestPki}
 * (fresh keys per instance) cannot give. TEST ONLY — the private keys are public in the repository.
 *
 * <p>Certificates are valid from {@link #NOW} − 1 day for 100 years, and harnesses verify at the
 * fixed instant {@link #NOW}, so neither the calendar nor CRL expiry changes what a seed reaches.
 * Regenerate with {@link #main} (then regenerate the seeds with {@link FuzzSeeds#main}).
 */
public final class FuzzPki {
  /** The instant every fuzz harness verifies at (the day these files were made). */
  public static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  public static final String SENDER = "AL-PG-TIRANA";
  public static final String RECIPIENT = "RS-HC-BELGRADE";
  private static final String FOLDER = "/eu/mlagw/testing/fuzz-pki/";
  private static final char[] PASSWORD = "fuzz-only".toCharArray();

  private static FuzzPki loaded;

  public final X509Certificate root;
  public final X509Certificate issuing;
  /** The sender's seal (EC P-256): signs the seed packages. */
  public final Credential senderSeal;
  /** The recipient's EC P-256 encryption key (ECDH key agreement). */
  public final Credential recipientEc;
  /** The recipient's RSA-3072 encryption key (RSA-OAEP key transport). */
  public final Credential recipientRsa;
  private final TrustPolicy trust;

  private FuzzPki(Path dir) throws GatewayException {
    root = KeyStoreFiles.readCertificate(dir.resolve("root.pem"));
    issuing = KeyStoreFiles.readCertificate(dir.resolve("issuing.pem"));
    senderSeal = KeyStoreFiles.readCredential(dir.resolve("sender-seal.p12"), PASSWORD);
    recipientEc = KeyStoreFiles.readCredential(dir.resolve("recipient-encryption-ec.p12"), PASSWORD);
    recipientRsa = KeyStoreFiles.readCredential(dir.resolve("recipient-encryption-rsa.p12"), PASSWORD);
    List<java.security.cert.X509CRL> crls = new java.util.ArrayList<>(KeyStoreFiles.readCrls(dir.resolve("root.crl.pem")));
    crls.addAll(KeyStoreFiles.readCrls(dir.resolve("issuing.crl.pem")));
    trust = new TrustPolicy(List.of(root), List.of(issuing), crls);
  }

  /** The committed PKI (loaded once per JVM). */
  public static synchronized FuzzPki get() {
    if (loaded == null) {
      try {
        loaded = new FuzzPki(Path.of(FuzzPki.class.getResource(FOLDER + "root.pem").toURI()).getParent());
      } catch (Exception e) {
        throw new IllegalStateException("cannot load the fuzz PKI from src/test/resources" + FOLDER, e);
      }
    }
    return loaded;
  }

  public TrustPolicy trustPolicy() {
    return trust;
  }

  /** The clock every harness verifies with. */
  public static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** The sender's seal registered for {@link #SENDER}; every other id is unknown. */
  public SealCertificates sealCertificates() {
    return id -> SENDER.equals(id) ? Optional.of(List.of(senderSeal.certificate())) : Optional.empty();
  }

  /** An opener with default limits that trusts this PKI at {@link #NOW}. */
  public PackageOpener opener() {
    return new PackageOpener(new DetachedSignatureVerifier(trust), sealCertificates(), ZipLimits.defaults(), clock());
  }

  /** Writes a fresh fuzz PKI into {@code args[0]} (default: the test resources folder). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources" + FOLDER);
    Files.createDirectories(dir);
    SecureRandom random = new SecureRandom();
    Instant from = NOW.minus(Duration.ofDays(1));
    Instant until = NOW.plus(Duration.ofDays(36500));
    CertificateAuthority rootCa = CertificateAuthority.createRoot("CN=Fuzz Root CA,O=MLA Gateway FUZZ TESTS ONLY",
        KeyKind.RSA_3072, from, until, random);
    CertificateAuthority issuingCa = rootCa.createSubordinate("CN=Fuzz Issuing CA,O=MLA Gateway FUZZ TESTS ONLY",
        KeyKind.RSA_3072, from, until);
    Files.writeString(dir.resolve("root.pem"), KeyStoreFiles.pem(rootCa.certificate()));
    Files.writeString(dir.resolve("issuing.pem"), KeyStoreFiles.pem(issuingCa.certificate()));
    Files.writeString(dir.resolve("root.crl.pem"),
        KeyStoreFiles.pem(rootCa.issueCrl(List.of(), from, until, BigInteger.ONE)));
    Files.writeString(dir.resolve("issuing.crl.pem"),
        KeyStoreFiles.pem(issuingCa.issueCrl(List.of(), from, until, BigInteger.ONE)));
    write(dir, "sender-seal.p12", issuingCa.issue(CertificateRole.SEAL, "CN=" + SENDER + " seal,O=" + SENDER,
        KeyKind.EC_P256, from, until, List.of()));
    write(dir, "recipient-encryption-ec.p12", issuingCa.issue(CertificateRole.ENCRYPTION,
        "CN=" + RECIPIENT + " encryption EC,O=" + RECIPIENT, KeyKind.EC_P256, from, until, List.of()));
    write(dir, "recipient-encryption-rsa.p12", issuingCa.issue(CertificateRole.ENCRYPTION,
        "CN=" + RECIPIENT + " encryption RSA,O=" + RECIPIENT, KeyKind.RSA_3072, from, until, List.of()));
  }

  private static void write(Path dir, String name, Credential c) throws IOException {
    KeyStoreFiles.writeCredential(dir.resolve(name), "key", c, PASSWORD);
  }

  /** Reads a classpath resource of the test tree (seed inputs made by {@link FuzzSeeds}). */
  public static byte[] resource(String path) {
    try (InputStream in = FuzzPki.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
