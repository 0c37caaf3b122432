package eu.mlagw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.cli.Mlagw;
import eu.mlagw.crypto.EnvelopeInputStream;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.pkg.AsicManifest;
import eu.mlagw.pkg.OpenedPackage;
import eu.mlagw.pkg.PackageSealer;
import eu.mlagw.pkg.ProgressListener;
import eu.mlagw.pkg.SealRequest;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.testing.ContainerForge;
import eu.mlagw.testing.OpenSsl;
import eu.mlagw.testing.PackageFixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with the real openssl CLI, in both directions. */
class OpenSslInteropTest {
  @TempDir Path dir;

  private static byte[] decryptWithOurs(Path p7m, PackageFixture f) throws Exception {
    try (InputStream in = new EnvelopeInputStream(Files.newInputStream(p7m), f.recipient.encryption())) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void opensslDecryptsOurEnvelope(KeyKind recipientKind) throws Exception {
    PackageFixture f = new PackageFixture(KeyKind.RSA_3072, recipientKind);
    Path p7m = f.seal(dir).file();
    OpenSsl.writePem(dir, "recipient", f.recipient.encryption());
    OpenSsl.ok(dir, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", p7m.toString(), "-recip", "recipient.pem",
        "-inkey", "recipient.key", "-out", "container.zip");
    try (ZipFile zip = new ZipFile(dir.resolve("container.zip").toFile())) {
      assertEquals(PackageSealer.MIMETYPE, new String(zip.getInputStream(zip.getEntry("mimetype")).readAllBytes()));
      assertArrayEquals(Files.readAllBytes(dir.resolve("docs/evidence.bin")),
          zip.getInputStream(zip.getEntry("documents/evidence.bin")).readAllBytes());
    }
    assertArrayEquals(decryptWithOurs(p7m, f), Files.readAllBytes(dir.resolve("container.zip")));
  }

  @Test
  void opensslVerifiesOurSealOverTheManifest() throws Exception {
    PackageFixture f = new PackageFixture();
    Path p7m = f.seal(dir).file();
    Files.write(dir.resolve("container.zip"), decryptWithOurs(p7m, f));
    try (ZipFile zip = new ZipFile(dir.resolve("container.zip").toFile())) {
      Files.write(dir.resolve("manifest.xml"), zip.getInputStream(zip.getEntry(AsicManifest.ENTRY)).readAllBytes());
      Files.write(dir.resolve("signature.p7s"),
          zip.getInputStream(zip.getEntry(AsicManifest.SIGNATURE_ENTRY)).readAllBytes());
    }
    Files.writeString(dir.resolve("root.pem"), KeyStoreFiles.pem(f.pki.rootCertificate()));
    String[] verify = {"cms", "-verify", "-binary", "-inform", "DER", "-in", "signature.p7s", "-content",
        "manifest.xml", "-CAfile", "root.pem", "-out", "/dev/null"};
    assertTrue(OpenSsl.ok(dir, verify).contains("Verification successful"));
    // and openssl notices an edited manifest, so the check above can fail
    Files.writeString(dir.resolve("manifest.xml"), Files.readString(dir.resolve("manifest.xml")).replace("evidence", "evidenca"));
    assertNotEquals(0, OpenSsl.run(dir, verify).exitCode());
  }

  /** An auditor without our software: openssl checks an evidence's seal and prints the REM statement. */
  @Test
  void opensslVerifiesAnEvidenceAndPrintsItsRemStatement() throws Exception {
    eu.mlagw.testing.TestPki pki = new eu.mlagw.testing.TestPki();
    Path e = new eu.mlagw.evidence.EvidenceIssuer("gw-al", new DetachedSigner(pki.gatewaySeal("gw-al", KeyKind.EC_P256)),
        Clock.systemUTC()).issueForDigest(dir, eu.mlagw.evidence.EvidenceType.Delivery,
            "0190c0de-1234-7abc-8def-0123456789ab", "AL-PG-TIRANA", "RS-HC-BELGRADE",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", null, "delivered");
    Files.writeString(dir.resolve("root.pem"), KeyStoreFiles.pem(pki.rootCertificate()));
    String[] verify = {"cms", "-verify", "-inform", "DER", "-in", e.toString(), "-CAfile", "root.pem",
        "-out", "statement.xml"};
    assertTrue(OpenSsl.ok(dir, verify).contains("Verification successful"));
    String statement = Files.readString(dir.resolve("statement.xml"));
    assertTrue(statement.contains("<DeliveryNonDeliveryToRecipient xmlns=\"http://uri.etsi.org/02640/v2#\"")
        && statement.contains("<EventCode>http://uri.etsi.org/REM/Event#Delivery</EventCode>")
        && statement.contains("<ds:DigestValue>n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=</ds:DigestValue>"), statement);
    // and openssl notices an edited statement, so the check above can fail
    byte[] p7s = Files.readAllBytes(e);
    int at = new String(p7s, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("RS-HC-BELGRADE");
    p7s[at] = 'X';
    Files.write(e, p7s);
    assertNotEquals(0, OpenSsl.run(dir, verify).exitCode());
  }

  @Test
  void openAcceptsAnEnvelopeMadeByOpenssl() throws Exception {
    PackageFixture f = new PackageFixture();
    Path ours = f.seal(dir).file();
    Files.write(dir.resolve("container.zip"), decryptWithOurs(ours, f));
    OpenSsl.writePem(dir, "recipient", f.recipient.encryption());
    OpenSsl.ok(dir, "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", "container.zip", "-recip", "recipient.pem",
        "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256",
        "-outform", "DER", "-out", "openssl.p7m");
    OpenedPackage opened = f.opener().open(dir.resolve("openssl.p7m"), f.recipient.id(), f.recipient.encryption(),
        dir.resolve("opened"), ProgressListener.NONE);
    assertEquals(f.sender.id(), opened.metadata().sender());
    assertArrayEquals(Files.readAllBytes(dir.resolve("docs/evidence.bin")),
        Files.readAllBytes(dir.resolve("opened/documents/evidence.bin")));
  }

  @Test
  void openAcceptsAContainerSignedByOpenssl() throws Exception {
    PackageFixture f = new PackageFixture();
    ContainerForge forge = new ContainerForge(f.sender.id(), f.recipient.id());
    byte[] manifest = forge.manifestXml();
    Files.write(dir.resolve("manifest.xml"), manifest);
    OpenSsl.writePem(dir, "seal", f.sender.seal());
    Files.writeString(dir.resolve("issuing.pem"), KeyStoreFiles.pem(f.pki.issuingCertificate()));
    OpenSsl.ok(dir, "cms", "-sign", "-binary", "-md", "sha256", "-in", "manifest.xml", "-signer", "seal.pem",
        "-inkey", "seal.key", "-certfile", "issuing.pem", "-outform", "DER", "-out", "signature.p7s");
    byte[] signature = Files.readAllBytes(dir.resolve("signature.p7s"));
    Path p7m = ContainerForge.envelope(forge.container(forge.metadataXml(), manifest, signature).finish(),
        f.recipient.encryption().certificate(), dir.resolve("package.p7m"));
    OpenedPackage opened = f.opener().open(p7m, f.recipient.id(), f.recipient.encryption(), dir.resolve("opened"),
        ProgressListener.NONE);
    assertEquals(f.sender.seal().certificate(), opened.signature().signer());
    assertEquals(3, opened.verifiedEntries().size());
  }

  @Test
  void opensslOpensEverySegmentOfASplitMultiSegmentPackage() throws Exception {
    PackageFixture f = new PackageFixture();
    List<eu.mlagw.pkg.DocumentSource> docs = PackageFixture.sampleDocuments(dir);
    Path p7m = new PackageSealer(new DetachedSigner(f.sender.seal()), Clock.systemUTC(), new SecureRandom(), 64 * 1024)
        .seal(new SealRequest(f.sender.id(), List.of(f.recipient.id()), List.of(f.recipient.encryption().certificate()),
            docs, ""), dir.resolve("package.p7m"), ProgressListener.NONE).file();
    assertEquals(0, Mlagw.run("package", "split", p7m.toString(), "--out", dir.resolve("segments").toString()));
    OpenSsl.writePem(dir, "recipient", f.recipient.encryption());
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    List<Path> segments;
    try (var list = Files.list(dir.resolve("segments"))) {
      segments = list.sorted().toList();
    }
    assertTrue(segments.size() >= 4, "a 200 KB package in 64 KiB segments has several: " + segments.size());
    for (Path segment : segments) {
      OpenSsl.ok(dir, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", segment.toString(), "-recip",
          "recipient.pem", "-inkey", "recipient.key", "-out", "part.bin");
      joined.write(Files.readAllBytes(dir.resolve("part.bin")));
    }
    assertArrayEquals(decryptWithOurs(p7m, f), joined.toByteArray());
  }
}
