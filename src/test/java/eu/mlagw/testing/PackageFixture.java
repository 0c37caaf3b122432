package eu.mlagw.testing;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.pkg.DocumentSource;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.PackageSealer;
import eu.mlagw.pkg.SealCertificates;
import eu.mlagw.pkg.SealRequest;
import eu.mlagw.pkg.SealedPackage;
import eu.mlagw.pkg.zip.ZipLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sender and a recipient on one test PKI, with helpers to seal sample documents and open
 * packages — the common ground of package tests.
 */
public final class PackageFixture {
  public final TestPki pki;
  public final TestPki.Participant sender;
  public final TestPki.Participant recipient;
  private final Map<String, List<X509Certificate>> seals = new java.util.HashMap<>();

  public PackageFixture(KeyKind senderKind, KeyKind recipientKind) {
    pki = new TestPki();
    sender = pki.participant("AL-PG-TIRANA", senderKind);
    recipient = pki.participant("RS-HC-BELGRADE", recipientKind);
    registerSeal(sender.id(), sender.seal().certificate());
    registerSeal(recipient.id(), recipient.seal().certificate());
  }

  public PackageFixture() {
    this(KeyKind.RSA_3072, KeyKind.RSA_3072);
  }

  public void registerSeal(String participant, X509Certificate cert) {
    seals.computeIfAbsent(participant, k -> new ArrayList<>()).add(cert);
  }

  public SealCertificates sealCertificates() {
    return id -> Optional.ofNullable(seals.get(id)).map(List::copyOf);
  }

  /** Writes sample documents into {@code dir}/docs and returns them as sources. */
  public static List<DocumentSource> sampleDocuments(Path dir) throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("request.txt"), "Request for mutual legal assistance — Kërkesë — Замолница\n");
    byte[] evidence = new byte[200_000];
    new java.util.Random(42).nextBytes(evidence);
    Files.write(docs.resolve("evidence.bin"), evidence);
    Files.createDirectories(docs.resolve("annex"));
    Files.writeString(docs.resolve("annex/Đorđević.txt"), "Đorđe Đorđević / Ђорђе Ђорђевић\n");
    return List.of(DocumentSource.of(docs.resolve("request.txt"), "request.txt"),
        DocumentSource.of(docs.resolve("evidence.bin"), "evidence.bin"),
        DocumentSource.of(docs.resolve("annex/Đorđević.txt"), "annex/Đorđević.txt"));
  }

  public SealedPackage seal(Path dir, Credential sealWith) throws Exception {
    return seal(dir, new DetachedSigner(sealWith));
  }

  /** Seals the sample documents with {@code signer} (e.g. one that adds a signature-time-stamp). */
  public SealedPackage seal(Path dir, DetachedSigner signer) throws Exception {
    return new PackageSealer(signer).seal(new SealRequest(sender.id(), List.of(recipient.id()),
        List.of(recipient.encryption().certificate()), sampleDocuments(dir), "test"), dir.resolve("package.p7m"),
        (d, t) -> { });
  }

  public SealedPackage seal(Path dir) throws Exception {
    return seal(dir, sender.seal());
  }

  public PackageOpener opener() {
    return new PackageOpener(new DetachedSignatureVerifier(pki.trustPolicy()), sealCertificates(),
        ZipLimits.defaults(), Clock.systemUTC());
  }
}
