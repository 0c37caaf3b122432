package eu.mlagw.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.audit.ProofBundleVerifierFuzzTest;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.EnvelopeInputStream;
import eu.mlagw.evidence.Evidence;
import eu.mlagw.evidence.EvidenceType;
import eu.mlagw.metadata.MetadataFixtures;
import eu.mlagw.metadata.MetadataXml;
import eu.mlagw.metadata.ProfileRenderer;
import eu.mlagw.pdf.RequestFormReaderFuzzTest;
import eu.mlagw.pkg.AsicManifest;
import eu.mlagw.pkg.DocumentSource;
import eu.mlagw.pkg.PackageMetadata;
import eu.mlagw.pkg.PackageSealer;
import eu.mlagw.pkg.SealRequest;
import eu.mlagw.pkg.zip.RawZip;
import eu.mlagw.pkg.zip.StrictZipReader;
import eu.mlagw.pkg.zip.ZipEntryStream;
import eu.mlagw.pkg.zip.ZipLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the seed corpus of every fuzz harness into Jazzer's regression layout
 * (src/test/resources/PACKAGE/CLASSInputs/METHOD/seed-NAME), made with the project's own writers
 * and the fixed {@link FuzzPki}, plus hand-made edge cases. Run from the project folder:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) eu.mlagw.testing.FuzzSeeds
 * </pre>
 *
 * Seeds never include inputs of a known, still open finding (see the notes of issue 9): the
 * regression run must stay green. Crashing inputs Jazzer finds are added next to these by hand.
 */
public final class FuzzSeeds {
  private final Path root;

  private FuzzSeeds(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    FuzzSeeds s = new FuzzSeeds(Path.of(args.length > 0 ? args[0] : "src/test/resources"));
    Path tmp = Files.createTempDirectory("mlagw-fuzz-seeds");
    s.packages(tmp);
    s.requests();
    s.evidences();
    s.signatures();
    for (Map.Entry<String, byte[]> e : RequestFormReaderFuzzTest.seeds().entrySet()) {
      s.write("pdf/RequestFormReaderFuzzTest", "read", e.getKey(), e.getValue());
    }
    s.write("audit/ProofBundleVerifierFuzzTest", "verify", "genuine-bundle.zip",
        ProofBundleVerifierFuzzTest.genuineBundle(tmp));
  }

  private void write(String harness, String method, String name, byte[] data) throws IOException {
    Path dir = root.resolve("eu/mlagw/" + harness + "Inputs/" + method);
    Files.createDirectories(dir);
    Files.write(dir.resolve("seed-" + name), data);
  }

  private void packages(Path tmp) throws Exception {
    FuzzPki pki = FuzzPki.get();
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("request.txt"), "Request — Kërkesë — Замолница\n");
    Files.write(docs.resolve("evidence.bin"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    Files.createDirectories(docs.resolve("annex"));
    Files.writeString(docs.resolve("annex/Đorđević.txt"), "Đorđe Đorđević\n".repeat(400)); // > 4 KiB: two segments
    List<DocumentSource> sources = List.of(DocumentSource.of(docs.resolve("request.txt"), "request.txt"),
        DocumentSource.of(docs.resolve("evidence.bin"), "evidence.bin"),
        DocumentSource.of(docs.resolve("annex/Đorđević.txt"), "annex/Đorđević.txt"));
    byte[] requestXml = canonicalXml();
    Map<String, Credential> recipients = new LinkedHashMap<>();
    recipients.put("ec", pki.recipientEc);
    recipients.put("rsa", pki.recipientRsa);
    for (Map.Entry<String, Credential> r : recipients.entrySet()) {
      PackageSealer sealer = new PackageSealer(new DetachedSigner(pki.senderSeal), FuzzPki.clock(), new SecureRandom(),
          4096);
      Path small = tmp.resolve("small-" + r.getKey() + ".p7m");
      sealer.seal(new SealRequest(FuzzPki.SENDER, List.of(FuzzPki.RECIPIENT), List.of(r.getValue().certificate()),
          sources.subList(0, 2), "seed", null, requestXml), small, (d, t) -> { });
      Path multi = tmp.resolve("multi-" + r.getKey() + ".p7m");
      sealer.seal(new SealRequest(FuzzPki.SENDER, List.of(FuzzPki.RECIPIENT), List.of(r.getValue().certificate()),
          sources, "seed"), multi, (d, t) -> { });
      String decrypt = r.getKey().equals("ec") ? "decryptEc" : "decryptRsa";
      byte[] one = Files.readAllBytes(small);
      byte[] two = Files.readAllBytes(multi);
      for (String method : List.of("inspect", decrypt)) {
        write("crypto/EnvelopeFuzzTest", method, "package-" + r.getKey() + ".p7m", one);
        write("crypto/EnvelopeFuzzTest", method, "two-segments-" + r.getKey() + ".p7m", two);
        write("crypto/EnvelopeFuzzTest", method, "truncated-" + r.getKey() + ".p7m", Arrays.copyOf(one, one.length - 7));
        byte[] flipped = one.clone();
        flipped[one.length - 40] ^= 1; // inside the last ciphertext chunk or the tag
        write("crypto/EnvelopeFuzzTest", method, "flipped-" + r.getKey() + ".p7m", flipped);
      }
      if (r.getKey().equals("ec")) {
        byte[] containerOne = decrypt(one, r.getValue());
        byte[] containerTwo = decrypt(two, r.getValue());
        write("pkg/PackageOpenerFuzzTest", "openContainer", "container-with-request.zip", containerOne);
        write("pkg/PackageOpenerFuzzTest", "openContainer", "container-three-documents.zip", containerTwo);
        for (String method : List.of("readEveryEntry", "skipEveryEntry")) {
          write("pkg/zip/StrictZipReaderFuzzTest", method, "container.zip", containerTwo);
        }
        Map<String, byte[]> entries = entries(containerOne);
        write("pkg/PackageXmlFuzzTest", "manifest", "manifest.xml", entries.get(AsicManifest.ENTRY));
        write("pkg/PackageXmlFuzzTest", "metadata", "metadata.xml", entries.get(PackageMetadata.ENTRY));
        write("metadata/MetadataXmlFuzzTest", "canonicalXml", "request.xml", entries.get(PackageSealer.REQUEST_ENTRY));
        forged(entries);
      }
    }
    byte[][] zips = {
        new RawZip().finish(),
        new RawZip().stored("mimetype", PackageSealer.MIMETYPE.getBytes(StandardCharsets.US_ASCII))
            .stored("documents/", new byte[0]).deflated("documents/a.txt", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(
                StandardCharsets.US_ASCII)).finish(),
        new RawZip().stored("a", new byte[] {1}).stored("b/c", new byte[] {2}).finish(2, "comment".getBytes(
            StandardCharsets.US_ASCII))};
    for (int i = 0; i < zips.length; i++) {
      for (String method : List.of("readEveryEntry", "skipEveryEntry")) {
        write("pkg/zip/StrictZipReaderFuzzTest", method, "rawzip-" + i + ".zip", zips[i]);
      }
    }
  }

  /** Containers an attacker could wrap: an unsigned one and one with an extra META-INF entry. */
  private void forged(Map<String, byte[]> genuine) throws IOException {
    RawZip unsigned = new RawZip();
    RawZip extra = new RawZip();
    for (Map.Entry<String, byte[]> e : genuine.entrySet()) {
      if (!e.getKey().equals(AsicManifest.SIGNATURE_ENTRY)) {
        unsigned.stored(e.getKey(), e.getValue());
      }
      extra.stored(e.getKey(), e.getValue());
    }
    extra.stored("META-INF/extra.xml", "<x/>".getBytes(StandardCharsets.US_ASCII));
    write("pkg/PackageOpenerFuzzTest", "openContainer", "unsigned.zip", unsigned.finish());
    write("pkg/PackageOpenerFuzzTest", "openContainer", "extra-meta-inf.zip", extra.finish());
  }

  private static byte[] decrypt(byte[] envelope, Credential recipient) throws IOException {
    try (InputStream in = new EnvelopeInputStream(new ByteArrayInputStream(envelope), recipient)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, byte[]> entries(byte[] container) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (StrictZipReader zip = new StrictZipReader(new ByteArrayInputStream(container), ZipLimits.defaults())) {
      for (ZipEntryStream e; (e = zip.next()) != null; ) {
        out.put(e.name(), e.readAllBytes());
      }
    }
    return out;
  }

  private static byte[] canonicalXml() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetadataXml.write(MetadataFixtures.fullRequest(), out);
    return out.toByteArray();
  }

  private void requests() throws Exception {
    ProfileRenderer renderer = new ProfileRenderer(MetadataFixtures.mappings());
    for (String[] p : new String[][] {{"agency-xml", "agencyXml", "xml"}, {"court-json", "courtJson", "json"}}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      renderer.render(MetadataFixtures.fullRequest(), p[0], "en", out);
      write("metadata/MetadataXmlFuzzTest", p[1], "full-request." + p[2], out.toByteArray());
    }
    String readme = Files.readString(Path.of("docs/prosecutors.md"));
    int start = readme.indexOf("```yaml\n", readme.indexOf("## The request file"));
    String yaml = readme.substring(start + 8, readme.indexOf("```", start + 8));
    write("metadata/RequestReaderFuzzTest", "yaml", "readme-example.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    String full = """
        language: sq
        exchangeType: mla-request
        subject: Kërkesë për të dhëna telefonike
        caseReference: AL-2026-117
        legalBasis: ets-182
        urgency: urgent
        deadline: 2026-12-31
        offences: [drug-trafficking, money-laundering]
        persons:
          - {role: suspect, name: Xhevdet Shkëmbi, birthDate: 1980-05-17, nationality: AL}
          - {role: witness, name: Ђорђе Јовановић, nationality: RS}
        measures: [telecom-data]
        confidentiality: confidential
        documents:
          - {file: kerkesa.pdf, role: request-letter, language: sq}
        """;
    write("metadata/RequestReaderFuzzTest", "yaml", "full.yaml", full.getBytes(StandardCharsets.UTF_8));
    write("metadata/RequestReaderFuzzTest", "yaml", "anchors.yaml",
        "a: &x {role: suspect}\npersons: [*x, *x]\nsubject: !!str 12\n".getBytes(StandardCharsets.UTF_8));
    write("metadata/RequestReaderFuzzTest", "yaml", "list-root.yaml", "- a\n- b\n".getBytes(StandardCharsets.UTF_8));
    Object tree = new ObjectMapper(new YAMLFactory()).readValue(full, Object.class);
    write("metadata/RequestReaderFuzzTest", "json", "full.json", new ObjectMapper().writeValueAsBytes(tree));
    write("metadata/RequestReaderFuzzTest", "json", "wrong-types.json",
        "{\"subject\":[1,2],\"persons\":{\"a\":null},\"deadline\":1e999,\"offences\":\"x\"}".getBytes(
            StandardCharsets.UTF_8));
  }

  private void evidences() throws IOException {
    for (EvidenceType type : EvidenceType.values()) {
      Evidence e = new Evidence("0190c0de-0000-7000-8000-00000000000" + (type.ordinal() % 10), type,
          "0190c0de-0000-7000-8000-000000000001", FuzzPki.SENDER, FuzzPki.RECIPIENT, "gw-al", FuzzPki.NOW,
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          type.name().contains("Rejection") || type == EvidenceType.NonDelivery ? Optional.of("SIGNATURE_INVALID")
              : Optional.empty(), "details & <escapes>");
      write("evidence/EvidenceFuzzTest", "parse", type.name() + ".xml", eu.mlagw.evidence.LegacyEvidences.xml(e));
      write("evidence/EvidenceFuzzTest", "parse", "rem-" + type.name() + ".xml", e.toXml());
    }
  }

  private void signatures() throws Exception {
    FuzzPki pki = FuzzPki.get();
    DetachedSigner signer = new DetachedSigner(pki.senderSeal);
    byte[] content = "<ASiCManifest>fuzz seed content</ASiCManifest>\n".getBytes(StandardCharsets.UTF_8);
    write("crypto/DetachedSignatureFuzzTest", "detached", "genuine.p7s", signer.sign(content, FuzzPki.NOW));
    write("crypto/DetachedSignatureFuzzTest", "encapsulated", "genuine.p7m",
        signer.signEncapsulating(content, FuzzPki.NOW));
  }
}
