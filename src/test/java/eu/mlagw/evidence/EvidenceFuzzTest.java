package eu.mlagw.evidence;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.testing.FuzzContract;

/**
 * Fuzzes the evidence statement parser (the signed XML a peer gateway sends back and an auditor
 * verifies). Contract: {@link FuzzContract}. Seeds: one statement of each type and edge cases.
 */
class EvidenceFuzzTest {

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void parse(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> Evidence.parse(data));
  }
}
