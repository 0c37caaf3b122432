package eu.mlagw.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.testing.FuzzContract;
import eu.mlagw.testing.FuzzPki;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the CMS signature verifier: a detached signature over a fixed manifest (a package's
 * META-INF/signature.p7s) and an encapsulating one (evidences, checkpoints), verified against the
 * fuzz PKI at its fixed time. Contract: {@link FuzzContract}. Seeds: genuine signatures (see FuzzSeeds).
 */
class DetachedSignatureFuzzTest {
  /** The content the detached seed signatures sign. */
  static final byte[] CONTENT = "<ASiCManifest>fuzz seed content</ASiCManifest>\n".getBytes(StandardCharsets.UTF_8);

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void detached(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() ->
        new DetachedSignatureVerifier(FuzzPki.get().trustPolicy()).verify(data, CONTENT, FuzzPki.NOW));
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void encapsulated(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() ->
        new DetachedSignatureVerifier(FuzzPki.get().trustPolicy()).verifyEncapsulated(data, FuzzPki.NOW));
  }
}
