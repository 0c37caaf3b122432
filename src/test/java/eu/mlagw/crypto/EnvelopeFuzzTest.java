package eu.mlagw.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.testing.FuzzContract;
import eu.mlagw.testing.FuzzPki;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;

/**
 * Fuzzes the envelope parser (CMS AuthEnvelopedData segments, what a peer gateway or a file on disk
 * hands us) through its two entry points: {@link EnvelopeInspector} (no key) and
 * {@link EnvelopeInputStream} (decrypting as the fuzz PKI's recipient, with an EC and an RSA key).
 * Contract: {@link FuzzContract}; in addition a stream that ends cleanly must be fully verified.
 * Seeds: sealed packages of the fuzz PKI and hand-made edge cases (see FuzzSeeds).
 */
class EnvelopeFuzzTest {

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void inspect(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> new EnvelopeInspector().inspect(new ByteArrayInputStream(data)));
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void decryptEc(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> decrypt(data, FuzzPki.get().recipientEc));
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void decryptRsa(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> decrypt(data, FuzzPki.get().recipientRsa));
  }

  private static void decrypt(byte[] data, Credential recipient) throws Exception {
    try (EnvelopeInputStream in = new EnvelopeInputStream(new ByteArrayInputStream(data), recipient)) {
      in.transferTo(OutputStream.nullOutputStream());
      if (!in.isFullyVerified()) {
        throw new AssertionError("the envelope stream ended cleanly without verifying every segment");
      }
    }
  }
}
