package eu.mlagw.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.testing.FuzzContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the offline proof-bundle verifier (`mlagw audit verify-proof`, a file an auditor or a court
 * receives). Contract: {@link FuzzContract}; a bundle that fails its checks is reported in the
 * result, not thrown. Seeds: a genuine bundle made with the audit fixture (see FuzzSeeds).
 */
public class ProofBundleVerifierFuzzTest {
  private static Path file;

  @BeforeAll
  static void file() throws Exception {
    file = Files.createTempFile("mlagw-fuzz-proof", ".zip");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    Files.deleteIfExists(file);
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void verify(byte[] data) throws Exception {
    Files.write(file, data);
    FuzzContract.acceptOrRefuse(() -> new ProofBundleVerifier().verify(file, Optional.empty()));
  }

  /** A genuine bundle of exchange EX-B (for the seed corpus). */
  public static byte[] genuineBundle(Path dir) throws Exception {
    AuditFixture fixture = new AuditFixture();
    fixture.appendWithCheckpoints(9, 3);
    Path out = dir.resolve("EX-B.zip");
    new ProofBundleWriter(fixture.store).write("EX-B", fixture.log.checkpoint(), AuditFixture.TRUST.crls(), out);
    return Files.readAllBytes(out);
  }
}
