import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventCodec;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditLogVerifier;
import eu.mlagw.audit.AuditRecord;
import eu.mlagw.audit.AuditStore;
import eu.mlagw.audit.Checkpoint;
import eu.mlagw.audit.CheckpointSigner;
import eu.mlagw.audit.CheckpointVerifier;
import eu.mlagw.audit.CompactRange;
import eu.mlagw.audit.VerificationResult;
import eu.mlagw.crypto.CertificateAuthority;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.crypto.TrustPolicy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times `mlagw audit verify`'s work on a log of N events (default 1,000,000) with a signed
 * checkpoint every C events (default 10,000, i.e. 100 checkpoints): read in batches, canonical
 * encoding, RFC 9162 hashing, every checkpoint's CMS signature and chain, root comparisons.
 * The store materialises events on the fly from 4,096 prebuilt records (as a database driver
 * materialises rows), so the heap stays small; encoding and hashing use all cores.
 * Two steps, two JVMs, so that the verifying JVM is as cold as a one-shot CLI call:
 *   java -Xmx128m -XX:+UseSerialGC -cp "target/classes:target/lib/*" bench/AuditVerifyBench.java prepare DIR [N] [C]
 *   java -Xmx128m -XX:+UseSerialGC -cp "target/classes:target/lib/*" bench/AuditVerifyBench.java verify DIR [ROUNDS]
 * (after `mvn -B package -DskipTests`). prepare signs the checkpoints and writes them with the
 * PKI's public parts to DIR; verify prints the time and events/s of ROUNDS runs in one JVM
 * (round 1 = the one-shot figure, JIT included; later rounds = a long-running process).
 */
public class AuditVerifyBench {
  static Instant base;

  /** Distinct records the synthetic log cycles through (built once: a store materialises rows cheaply). */
  static final AuditRecord[] RECORDS = new AuditRecord[4096];

  static {
    AuditEventType[] types = AuditEventType.values();
    for (int i = 0; i < RECORDS.length; i++) {
      RECORDS[i] = AuditRecord.of(types[i % 15], String.format("01JDX%021d", i / 12))
          .withParties("AL-PG-TIRANA", "RS-HC-BELGRADE")
          .withCaseReferences(List.of("PG-2026/" + (i / 12 % 9973), "KTI-" + (i / 12 % 577) + "/26"))
          .withPackageDigest(String.format("%064x", i * 0x9E3779B97F4A7C15L & Long.MAX_VALUE))
          .withPersons(i % 4 == 0 ? List.of("Marko Marković", "Марко Марковић", "Marko Markovic") : List.of())
          .withDetails(Map.of("peer", "gw-rs", "attempt", String.valueOf(i % 3)));
    }
  }

  static AuditEvent event(long i) {
    return new AuditEvent(i, base.plusMillis(i), i % 2 == 0 ? "node-1" : "node-2", "gw-bench",
        RECORDS[(int) (i % RECORDS.length)]);
  }

  /** A read-only store of synthetic events and the checkpoints signed over them. */
  static final class SyntheticStore implements AuditStore {
    final long size;
    final List<byte[]> checkpoints = new ArrayList<>();

    SyntheticStore(long size) {
      this.size = size;
    }

    public AuditEvent append(AuditRecord record, Instant time) {
      throw new UnsupportedOperationException("read-only");
    }

    public long size() {
      return size;
    }

    public List<AuditEvent> read(long from, long to) {
      List<AuditEvent> out = new ArrayList<>((int) (Math.min(to, size) - from));
      for (long i = from; i < Math.min(to, size); i++) {
        out.add(event(i));
      }
      return out;
    }

    public void addCheckpoint(byte[] signed) {
      checkpoints.add(signed);
    }

    public List<byte[]> checkpoints() {
      return checkpoints;
    }

    public void close() {}
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("prepare")) {
      prepare(dir, args.length > 2 ? Long.parseLong(args[2]) : 1_000_000, args.length > 3 ? Long.parseLong(args[3]) : 10_000);
    } else {
      verify(dir, args.length > 2 ? Integer.parseInt(args[2]) : 3);
    }
  }

  static void prepare(Path dir, long n, long every) throws Exception {
    SecureRandom random = new SecureRandom();
    Instant now = Instant.now();
    CertificateAuthority root = CertificateAuthority.createRoot("CN=Bench Root CA", KeyKind.RSA_3072,
        now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(10)), random);
    CertificateAuthority issuing = root.createSubordinate("CN=Bench Issuing CA", KeyKind.RSA_3072,
        now.minus(Duration.ofDays(9)), now.plus(Duration.ofDays(9)));
    Credential seal = issuing.issue(CertificateRole.SEAL, "CN=gw-bench seal", KeyKind.EC_P256,
        now.minus(Duration.ofDays(8)), now.plus(Duration.ofDays(8)), List.of());
    Files.createDirectories(dir.resolve("checkpoints"));
    Files.writeString(dir.resolve("root.pem"), KeyStoreFiles.pem(root.certificate()));
    Files.writeString(dir.resolve("issuing.pem"), KeyStoreFiles.pem(issuing.certificate()));
    Files.writeString(dir.resolve("seal.pem"), KeyStoreFiles.pem(seal.certificate()));
    Files.writeString(dir.resolve("crls.pem"), KeyStoreFiles.pem(
        root.issueCrl(List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(5)), BigInteger.ONE))
        + KeyStoreFiles.pem(issuing.issueCrl(List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(5)),
            BigInteger.ONE)));
    base = now.minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Files.writeString(dir.resolve("log.txt"), n + " " + base.toEpochMilli() + "\n");
    eu.mlagw.crypto.NoteSigner noteKey = eu.mlagw.crypto.NoteSigner.generate(
        eu.mlagw.audit.Checkpoint.originOf("gw-bench"), new java.security.SecureRandom());
    Files.writeString(dir.resolve("note.vkey"), noteKey.verifierKey().toString());
    CheckpointSigner signer = new CheckpointSigner(new DetachedSigner(seal), noteKey);
    CompactRange tree = new CompactRange();
    long t0 = System.nanoTime();
    int written = 0;
    for (long i = 0; i < n; i++) {
      tree.appendLeaf(AuditEventCodec.encode(event(i)));
      if (tree.size() % every == 0 || tree.size() == n) {
        Files.write(dir.resolve(String.format("checkpoints/%06d.p7s", written++)),
            signer.sign(new Checkpoint(eu.mlagw.audit.Checkpoint.originOf("gw-bench"), tree.size(), tree.root(), base.plusMillis(i))));
      }
    }
    System.out.printf("prepared a log of %,d events and %d signed checkpoints in %s (%.1f s)%n", n, written, dir,
        (System.nanoTime() - t0) / 1e9);
  }

  static void verify(Path dir, int rounds) throws Exception {
    String[] log = Files.readString(dir.resolve("log.txt")).trim().split(" ");
    base = Instant.ofEpochMilli(Long.parseLong(log[1]));
    SyntheticStore store = new SyntheticStore(Long.parseLong(log[0]));
    try (var files = Files.list(dir.resolve("checkpoints"))) {
      for (Path p : files.sorted().toList()) {
        store.addCheckpoint(Files.readAllBytes(p));
      }
    }
    TrustPolicy trust = new TrustPolicy(KeyStoreFiles.readCertificates(dir.resolve("root.pem")),
        KeyStoreFiles.readCertificates(dir.resolve("issuing.pem")), KeyStoreFiles.readCrls(dir.resolve("crls.pem")));
    AuditLogVerifier verifier = new AuditLogVerifier(new CheckpointVerifier(trust,
        KeyStoreFiles.readCertificates(dir.resolve("seal.pem")),
        eu.mlagw.crypto.NoteVerifierKey.parse(Files.readString(dir.resolve("note.vkey")).strip())), "gw-bench");
    for (int r = 1; r <= rounds; r++) {
      long s = System.nanoTime();
      VerificationResult result = verifier.verify(store, List.of(), Instant.now());
      double seconds = (System.nanoTime() - s) / 1e9;
      if (!result.ok()) {
        throw new IllegalStateException(result.summary());
      }
      System.out.printf("round %d: verified %,d events and %d checkpoints in %.2f s (%,.0f events/s)%s%n", r,
          result.eventsChecked(), result.checkpointsChecked(), seconds, result.eventsChecked() / seconds,
          r == 1 ? "  <- one-shot (fresh JVM)" : "");
    }
  }
}
