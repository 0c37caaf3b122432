package eu.mlagw.metadata;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.testing.FuzzContract;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the readers of a request in a recipient's format, as they arrive inside a package
 * (request.xml) or from a recipient's system: the canonical request XML (MetadataXml, schema
 * validation included) and the profile readers for the shipped XML and JSON profiles.
 * Contract: {@link FuzzContract}. Seeds: the full sample request rendered through each profile.
 */
class MetadataXmlFuzzTest {

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void canonicalXml(byte[] data) throws Exception {
    FuzzContract.acceptOrRefuse(() -> MetadataXml.read(new ByteArrayInputStream(data)));
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void agencyXml(byte[] data) throws Exception {
    ProfileReader reader = new ProfileReader(MetadataFixtures.mappings());
    FuzzContract.acceptOrRefuse(() -> reader.read(new ByteArrayInputStream(data), "agency-xml"));
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void courtJson(byte[] data) throws Exception {
    ProfileReader reader = new ProfileReader(MetadataFixtures.mappings());
    FuzzContract.acceptOrRefuse(() -> reader.read(new ByteArrayInputStream(data), "court-json"));
  }
}
