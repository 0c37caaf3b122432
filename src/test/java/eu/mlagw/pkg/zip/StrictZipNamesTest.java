package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipTestSupport.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.ReasonCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The name rules shared by writer and reader. */
class StrictZipNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"mimetype", "META-INF/manifest.xml", "a b/c-d_e.f.pdf",
      "Zeugenaussage Müller.pdf", "证据/文件.txt", "..hidden", "a..b", ".profile"})
  void acceptsOrdinaryRelativeNames(String name) throws Exception {
    assertFalse(ZipNames.check(name));
  }

  @Test
  void namesEndingInSlashAreFolders() throws Exception {
    assertTrue(ZipNames.check("docs/"));
    assertTrue(ZipNames.check("docs/sub/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "a/../", "/x", "/", "\\x",
      "a\\b", "C:x", "C:\\x", "c:/x", "file.txt:stream"})
  void escapingNamesArePathTraversal(String name) {
    assertFails(ReasonCode.PATH_TRAVERSAL, () -> ZipNames.check(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a//b", "a/./b", "./a", "a\u0000b", "a\nb", "a\u007fb",
      "evil\u202Etxt.exe", "dir//", "name.", "name ", "CON", "docs/nul.txt", "LPT1.log"})
  void unusableNamesAreMalformed(String name) {
    assertFails(ReasonCode.MALFORMED, () -> ZipNames.check(name));
  }

  @Test
  void printableEscapesControlAndFormatCharacters() {
    assertEquals("'a\\u000Ab\\u202Ec'", ZipNames.printable("a\nb\u202Ec"));
    assertEquals("'it\\u0027s'", ZipNames.printable("it's"));
  }

  private static void register(NameRegistry r, String... names) throws Exception {
    for (String n : names) {
      r.add(n, ZipNames.check(n));
    }
  }

  @Test
  void registryAcceptsFolderEntriesBeforeOrAfterTheirFiles() throws Exception {
    register(new NameRegistry(), "a/", "a/b/c.txt", "a/b/", "d/e.txt", "d/", "D/f.txt");
  }

  @Test
  void registryRejectsFolderAndFileAtOnePath() {
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> register(new NameRegistry(), "a/", "a"),
        "'a' is a file, but 'a/' is a folder");
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> register(new NameRegistry(), "x/y/z", "X/Y"),
        "'X/Y' is a file, but 'x/y' is a folder");
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> register(new NameRegistry(), "x/Y", "x/y/z"),
        "needs a folder 'x/y', but entry 'x/Y' is a file");
    assertFails(ReasonCode.DUPLICATE_ENTRY, () -> register(new NameRegistry(), "a/", "A/"),
        "letter case");
  }

  @Test
  void registryHandlesDeeplyNestedNamesInLinearTime() {
    String deep = "a/".repeat(32_000) + "x";
    assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> register(new NameRegistry(), deep, deep.replace('a', 'b'), deep + "y"));
  }
}
