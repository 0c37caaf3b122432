package eu.mlagw.pkg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.testing.FuzzContract;

/**
 * Fuzzes the two XML files of a container that the opener parses: the ASiC manifest
 * (META-INF/ASiCManifest.xml) and the package metadata.xml. Contract: {@link FuzzContract}.
 * Seeds: the files of a fuzz PKI package and hand-made edge cases (see FuzzSeeds).
 */
class PackageXmlFuzzTest {

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void manifest(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> AsicManifest.parse(data).byName());
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void metadata(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> PackageMetadata.parse(data));
  }
}
