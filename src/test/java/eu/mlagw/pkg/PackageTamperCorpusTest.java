package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.ForgedSignatures;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.zip.RawZip;
import eu.mlagw.testing.ContainerForge;
import eu.mlagw.testing.PackageFixture;
import eu.mlagw.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fixture per attack. Each asserts the exact reason code and that nothing was released: the
 * output folder does not exist and no staging folder is left behind.
 */
class PackageTamperCorpusTest {
  private static final PackageFixture F = new PackageFixture();
  @TempDir Path dir;

  private GatewayException openFails(Path packageFile, ReasonCode expected) throws Exception {
    Path out = dir.resolve("opened");
    GatewayException e = assertThrows(GatewayException.class,
        () -> F.opener().open(packageFile, F.recipient.id(), F.recipient.encryption(), out, ProgressListener.NONE));
    assertEquals(expected, e.reason(), e.toString());
    assertFalse(Files.exists(out), "nothing may be released");
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".opening-")), "staging removed");
    }
    assertFalse(e.getMessage().isBlank());
    return e;
  }

  private Path forged(ContainerForge forge, RawZip zip) throws Exception {
    return ContainerForge.envelope(zip.finish(), F.recipient.encryption().certificate(), dir.resolve("forged.p7m"));
  }

  private Path forgedWithSeal(Credential seal) throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    return forged(forge, forge.container(forge.metadataXml(), manifest, ContainerForge.sign(manifest, seal)));
  }

  @Test
  void genuineForgeFixtureOpens() throws Exception {
    // guards the corpus: the forge itself makes valid packages, so each failure below is the attack's
    Path ok = forgedWithSeal(F.sender.seal());
    OpenedPackage opened = F.opener().open(ok, F.recipient.id(), F.recipient.encryption(), dir.resolve("ok"),
        ProgressListener.NONE);
    assertEquals(3, opened.verifiedEntries().size());
  }

  @Test
  void flippedCiphertextByte() throws Exception {
    Path p = F.seal(dir).file();
    byte[] b = Files.readAllBytes(p);
    b[b.length / 2] ^= 0x40;
    Files.write(p, b);
    assertTrue(openFails(p, ReasonCode.ENVELOPE_TAMPERED).getMessage().contains("authentication"));
  }

  @Test
  void gcmTagCutOff() throws Exception {
    Path p = F.seal(dir).file();
    byte[] b = Files.readAllBytes(p);
    Files.write(p, java.util.Arrays.copyOf(b, b.length - 22));
    openFails(p, ReasonCode.ENVELOPE_TAMPERED);
  }

  @Test
  void signatureFromAnotherKey() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    byte[] sig = ForgedSignatures.signedWithAnotherKey(manifest, F.sender.seal().chain(),
        F.pki.participant("XK-SPO-PRISHTINA", KeyKind.RSA_3072).seal().privateKey());
    openFails(forged(forge, forge.container(forge.metadataXml(), manifest, sig)), ReasonCode.SIGNATURE_INVALID);
  }

  @Test
  void manifestEdited() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    byte[] sig = ContainerForge.sign(manifest, F.sender.seal());
    forge.documents.put("documents/evidence.bin", new byte[] {9, 9, 9});
    byte[] edited = forge.manifestXml(); // attacker recomputes the digest in the manifest
    openFails(forged(forge, forge.container(forge.metadataXml(), edited, sig)), ReasonCode.SIGNATURE_INVALID);
  }

  @Test
  void documentSwapped() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    byte[] sig = ContainerForge.sign(manifest, F.sender.seal());
    forge.documents.put("documents/evidence.bin", new byte[] {5, 4, 3, 2, 1});
    GatewayException e = openFails(forged(forge, forge.container(forge.metadataXml(), manifest, sig)),
        ReasonCode.DIGEST_MISMATCH);
    assertTrue(e.getMessage().contains("documents/evidence.bin"), e.getMessage());
  }

  @Test
  void extraEntry() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    RawZip zip = forge.container(forge.metadataXml(), manifest, ContainerForge.sign(manifest, F.sender.seal()))
        .stored("documents/planted.txt", "planted".getBytes(StandardCharsets.UTF_8));
    GatewayException e = openFails(forged(forge, zip), ReasonCode.ENTRY_NOT_IN_MANIFEST);
    assertTrue(e.getMessage().contains("planted.txt"), e.getMessage());
  }

  @Test
  void duplicateEntry() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    byte[] manifest = forge.manifestXml();
    RawZip zip = forge.container(forge.metadataXml(), manifest, ContainerForge.sign(manifest, F.sender.seal()))
        .stored("documents/request.txt", "second copy".getBytes(StandardCharsets.UTF_8));
    openFails(forged(forge, zip), ReasonCode.DUPLICATE_ENTRY);
  }

  @Test
  void dotDotEntry() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    RawZip zip = new RawZip().stored("mimetype", PackageSealer.MIMETYPE.getBytes(StandardCharsets.US_ASCII))
        .stored("documents/../../escape.txt", "x".getBytes(StandardCharsets.UTF_8));
    openFails(forged(forge, zip), ReasonCode.PATH_TRAVERSAL);
    assertFalse(Files.exists(dir.resolve("escape.txt")));
    assertFalse(Files.exists(dir.getParent().resolve("escape.txt")));
  }

  @Test
  void absolutePathEntry() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    RawZip zip = new RawZip().stored("mimetype", PackageSealer.MIMETYPE.getBytes(StandardCharsets.US_ASCII))
        .stored("/tmp/mlagw-absolute-entry.txt", "x".getBytes(StandardCharsets.UTF_8));
    openFails(forged(forge, zip), ReasonCode.PATH_TRAVERSAL);
    assertFalse(Files.exists(Path.of("/tmp/mlagw-absolute-entry.txt")));
  }

  @Test
  void zipBomb() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    RawZip zip = new RawZip().stored("mimetype", PackageSealer.MIMETYPE.getBytes(StandardCharsets.US_ASCII))
        .deflated("documents/bomb.bin", new byte[64 << 20]);
    openFails(forged(forge, zip), ReasonCode.TOO_LARGE);
  }

  @Test
  void expiredCertificate() throws Exception {
    Credential expired = F.pki.seal(F.sender.id(), KeyKind.RSA_3072, TestPki.NOW.minus(Duration.ofDays(60)),
        TestPki.NOW.minus(Duration.ofDays(1)));
    F.registerSeal(F.sender.id(), expired.certificate());
    openFails(forgedWithSeal(expired), ReasonCode.CERT_EXPIRED);
  }

  @Test
  void revokedCertificate() throws Exception {
    PackageFixture f = new PackageFixture();
    f.pki.revoke(f.sender.seal().certificate());
    Path p = f.seal(dir).file();
    GatewayException e = assertThrows(GatewayException.class, () -> f.opener().open(p, f.recipient.id(),
        f.recipient.encryption(), dir.resolve("opened"), ProgressListener.NONE));
    assertEquals(ReasonCode.CERT_REVOKED, e.reason(), e.toString());
    assertFalse(Files.exists(dir.resolve("opened")));
  }

  @Test
  void untrustedCa() throws Exception {
    TestPki rogue = new TestPki("Rogue");
    Credential seal = rogue.participant(F.sender.id(), KeyKind.RSA_3072).seal();
    F.registerSeal(F.sender.id(), seal.certificate());
    openFails(forgedWithSeal(seal), ReasonCode.CERT_UNTRUSTED);
  }

  @Test
  void signingCertWithoutDigitalSignatureUsage() throws Exception {
    F.registerSeal(F.sender.id(), F.sender.encryption().certificate());
    openFails(forgedWithSeal(F.sender.encryption()), ReasonCode.KEY_USAGE);
  }

  @Test
  void wrongRecipient() throws Exception {
    PackageFixture other = new PackageFixture();
    Path p = other.seal(dir).file(); // sealed for another PKI's recipient with the same participant id
    openFails(p, ReasonCode.NOT_FOR_THIS_RECIPIENT);
  }

  @Test
  void sealedByAnotherRegisteredParticipant() throws Exception {
    TestPki.Participant impostor = F.pki.participant("ME-SPO-PODGORICA", KeyKind.EC_P256);
    F.registerSeal(impostor.id(), impostor.seal().certificate());
    GatewayException e = openFails(forgedWithSeal(impostor.seal()), ReasonCode.SIGNATURE_INVALID);
    assertTrue(e.getMessage().contains("AL-PG-TIRANA"), e.getMessage());
  }

  @Test
  void unsignedContainer() throws Exception {
    ContainerForge forge = new ContainerForge(F.sender.id(), F.recipient.id());
    RawZip zip = new RawZip().stored("mimetype", PackageSealer.MIMETYPE.getBytes(StandardCharsets.US_ASCII))
        .stored(PackageMetadata.ENTRY, forge.metadataXml()).stored(AsicManifest.ENTRY, forge.manifestXml());
    forge.documents.forEach(zip::stored);
    openFails(forged(forge, zip), ReasonCode.SIGNATURE_INVALID);
  }

  @Test
  void notAPackage() throws Exception {
    Path p = Files.writeString(dir.resolve("letter.p7m"), "Dear colleague, please find attached...");
    openFails(p, ReasonCode.MALFORMED);
  }

}
