package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9: request.yaml / request.json are bounded before and while they are parsed, and never quoted. */
class RequestFileLimitsTest {
  static final String SECRET = "Zq7-s3cret";
  @TempDir Path folder;
  private RequestReader reader;

  @BeforeEach
  void setUp() throws Exception {
    reader = new RequestReader(MetadataFixtures.mappings(), (pdf, size) -> Optional.empty());
    Files.writeString(folder.resolve("zahtjev.txt"), "Zamolnica");
  }

  private GatewayException refused(String file, String content) throws Exception {
    Files.writeString(folder.resolve(file), content);
    return assertThrows(GatewayException.class,
        () -> reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE"));
  }

  @Test
  void duplicateKeyInRequestJsonNamesTheFieldAndItsLine() throws Exception {
    GatewayException e = refused("request.json", "{\"subject\": \"Call records\",\n \"subject\": \"Bank records\"}");
    assertEquals(ReasonCode.REQUEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'subject'"), e.getMessage());
  }

  @Test
  void duplicateUnknownKeyIsRefusedWithoutQuotingIt() throws Exception {
    GatewayException e = refused("request.yaml", "subject: x\n" + SECRET + ": 1\n" + SECRET + ": 2\n");
    assertEquals(ReasonCode.REQUEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("given twice"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void syntaxErrorSaysWhereButNotWhat() throws Exception {
    GatewayException e = refused("request.json", "{\"subject\": " + SECRET + "}");
    assertEquals(ReasonCode.REQUEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("line 1, column"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    e = refused("request.yaml", "subject: \"" + SECRET + "\n");
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void passwordFileAsRequestYamlIsNotQuoted() throws Exception {
    // a one-line file: YAML reads it as a plain scalar, i.e. not a request
    GatewayException e = refused("request.yaml", SECRET + "\n");
    assertEquals(ReasonCode.REQUEST_INVALID, e.reason());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void yamlAliasesAreRefused() throws Exception {
    GatewayException e = refused("request.yaml", "a: &a [x, x]\nb: [*a, *a]\nsubject: y\n");
    assertEquals(ReasonCode.REQUEST_INVALID, e.reason(), e.getMessage());
  }

  @Test
  void deepNestingIsRefusedTooLarge() throws Exception {
    GatewayException e = refused("request.json", "{\"subject\": " + "[".repeat(1000) + "]".repeat(1000) + "}");
    assertEquals(ReasonCode.TOO_LARGE, e.reason(), e.getMessage());
    e = refused("request.yaml", "subject: " + "[".repeat(1000) + "]".repeat(1000) + "\n");
    assertTrue(e.reason() == ReasonCode.TOO_LARGE || e.reason() == ReasonCode.REQUEST_INVALID, e.getMessage());
  }

  @Test
  void longNumberIsRefusedTooLarge() throws Exception {
    GatewayException e = refused("request.json", "{\"subject\": \"x\", \"n\": " + "9".repeat(5000) + "}");
    assertEquals(ReasonCode.TOO_LARGE, e.reason(), e.getMessage());
  }

  @Test
  void twelveMebibytesOfNumbersAreRefusedBeforeParsing() throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("request.json"))) {
      w.write("{\"subject\":\"x\",\"n\":[1");
      for (int i = 1; i < 6_000_000; i++) {
        w.write(",1");
      }
      w.write("]}");
    }
    GatewayException e = assertThrows(GatewayException.class,
        () -> reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE"));
    assertEquals(ReasonCode.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().startsWith("request.json has 12000021 bytes; a request file may have at most 1048576"),
        e.getMessage());
  }

  @Test
  void fourMebibyteYamlIsRefusedInMilliseconds() throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(folder.resolve("request.yaml"))) {
      w.write("subject: x\nlist:\n");
      for (int i = 0; i < 4 * 1024 * 1024 / 8; i++) {
        w.write("- [a, b]\n");
      }
    }
    long start = System.nanoTime();
    GatewayException e = assertThrows(GatewayException.class,
        () -> reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(ReasonCode.TOO_LARGE, e.reason());
    System.out.println("4 MiB request.yaml refused in " + millis + " ms");
    assertTrue(millis < 1000, "refused in " + millis + " ms");
  }

  @Test
  void oneMebibyteYamlJustUnderTheLimitIsParsedOrRefusedQuickly() throws Exception {
    // the worst that is still parsed: as many small flow collections as fit in 1 MiB
    StringBuilder b = new StringBuilder("subject: x\nlist:\n");
    while (b.length() < RequestFiles.MAX_SIZE - 16) {
      b.append("- [a, {b: c}]\n");
    }
    Files.writeString(folder.resolve("request.yaml"), b);
    long start = System.nanoTime();
    GatewayException e = assertThrows(GatewayException.class,
        () -> reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(ReasonCode.REQUEST_INVALID, e.reason(), "'list' is not a field");
    System.out.println("1 MiB request.yaml refused in " + millis + " ms");
    assertTrue(millis < 5000, "refused in " + millis + " ms");
  }
}
