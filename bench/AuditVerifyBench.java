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
import eu.mlagw.crypto.TrustPolicy;
import java.math.BigInteger;
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
 * materialises rows), so the heap stays small; encoding and hashing use all cores. Prints the time and events/s of ROUNDS runs in one JVM (round 1 = a one-shot
 * CLI call, JIT included). Run from the repository root after `mvn -B package -DskipTests`:
 *   java -Xmx256m -XX:+UseSerialGC -cp "target/classes:target/lib/*" bench/AuditVerifyBench.java [N] [C] [ROUNDS]
 */
public class AuditVerifyBench {
  static final Instant BASE = Instant.now().minus(Duration.ofDays(2));

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
    return new AuditEvent(i, BASE.plusMillis(i), i % 2 == 0 ? "node-1" : "node-2", "gw-bench",
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
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    long every = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    SecureRandom random = new SecureRandom();
    Instant now = Instant.now();
    CertificateAuthority root = CertificateAuthority.createRoot("CN=Bench Root CA", KeyKind.RSA_3072,
        now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(10)), random);
    CertificateAuthority issuing = root.createSubordinate("CN=Bench Issuing CA", KeyKind.RSA_3072,
        now.minus(Duration.ofDays(9)), now.plus(Duration.ofDays(9)));
    Credential seal = issuing.issue(CertificateRole.SEAL, "CN=gw-bench seal", KeyKind.EC_P256,
        now.minus(Duration.ofDays(8)), now.plus(Duration.ofDays(8)), List.of());
    TrustPolicy trust = new TrustPolicy(List.of(root.certificate()), List.of(issuing.certificate()), List.of(
        root.issueCrl(List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(5)), BigInteger.ONE),
        issuing.issueCrl(List.of(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(5)), BigInteger.ONE)));

    SyntheticStore store = new SyntheticStore(n);
    CheckpointSigner signer = new CheckpointSigner(new DetachedSigner(seal));
    CompactRange tree = new CompactRange();
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      tree.appendLeaf(AuditEventCodec.encode(event(i)));
      if (tree.size() % every == 0 || tree.size() == n) {
        store.addCheckpoint(signer.sign(new Checkpoint("gw-bench", tree.size(), tree.root(), BASE.plusMillis(i))));
      }
    }
    System.out.printf("prepared %,d events and %d signed checkpoints in %.1f s%n", n, store.checkpoints.size(),
        (System.nanoTime() - t0) / 1e9);
    AuditLogVerifier verifier = new AuditLogVerifier(new CheckpointVerifier(trust, List.of(seal.certificate())), "gw-bench");
    for (int r = 1; r <= rounds; r++) {
      long s = System.nanoTime();
      VerificationResult result = verifier.verify(store, List.of(), Instant.now());
      double seconds = (System.nanoTime() - s) / 1e9;
      if (!result.ok()) {
        throw new IllegalStateException(result.summary());
      }
      System.out.printf("round %d: verified %,d events and %d checkpoints in %.2f s (%,.0f events/s)%s%n", r,
          result.eventsChecked(), result.checkpointsChecked(), seconds, result.eventsChecked() / seconds,
          r == 1 ? "  <- one-shot (cold JVM)" : "");
    }
  }
}
