package eu.mlagw.metadata;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.mlagw.pdf.RequestFormReader;
import eu.mlagw.testing.FuzzContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the prosecutor's request file in a drop folder: request.yaml and request.json, read by
 * {@link RequestReader} as the intake does (one submission folder holding the file and a document).
 * Contract: {@link FuzzContract} — a bad request is a {@link RequestInvalidException}.
 * (The form reader is the real one; it is not consulted while a request file is present.)
 * Seeds: the request example of docs/prosecutors.md and the test requests, and edge cases (see FuzzSeeds).
 */
class RequestReaderFuzzTest {
  private static Path folder;

  @BeforeAll
  static void folder() throws Exception {
    folder = Files.createTempDirectory("mlagw-fuzz-request");
    Files.writeString(folder.resolve("kerkesa.pdf"), "%PDF-1.7 letter");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (String f : new String[] {RequestReader.YAML, RequestReader.JSON, "kerkesa.pdf"}) {
      Files.deleteIfExists(folder.resolve(f));
    }
    Files.deleteIfExists(folder);
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void yaml(byte[] data) throws Exception {
    read(RequestReader.YAML, data);
  }

  @FuzzTest(maxDuration = FuzzContract.MAX_DURATION)
  void json(byte[] data) throws Exception {
    read(RequestReader.JSON, data);
  }

  private static void read(String name, byte[] data) throws Exception {
    Files.write(folder.resolve(name), data);
    try {
      RequestReader reader = new RequestReader(MetadataFixtures.mappings(), new RequestFormReader());
      FuzzContract.acceptOrRefuse(() ->
          reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE"));
    } finally {
      Files.delete(folder.resolve(name));
    }
  }
}
