package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped code lists and messages: complete in 12 languages, right scripts; gaps are config errors. */
class MappingsTest {
  private static final List<String> LANGUAGES = List.of("sq", "sr-Latn", "sr-Cyrl", "mk", "bs", "hr", "sl", "en", "de",
      "it", "fr", "nl");

  @Test
  void everyCodeHasALabelInEveryLanguageInTheRightScript() throws Exception {
    Mappings m = MetadataFixtures.mappings();
    assertEquals(LANGUAGES, m.languages());
    for (String list : List.of("exchange-type", "offence-category", "measure", "document-role", "urgency",
        "handling-code", "legal-basis", "confidentiality", "person-role")) {
      assertFalse(m.codeLists().codes(list).isEmpty(), list);
      for (String code : m.codeLists().codes(list)) {
        for (String lang : LANGUAGES) {
          String label = m.codeLists().label(list, code, lang);
          assertNotEquals(code, label, list + "/" + code + " has no " + lang + " label");
          boolean cyrillic = label.codePoints().filter(Character::isLetter)
              .filter(c -> !"ETSASCII".contains(Character.toString(c)))
              .allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC);
          if (lang.equals("sr-Cyrl") || lang.equals("mk")) {
            assertTrue(cyrillic, list + "/" + code + " in " + lang + " is not Cyrillic: " + label);
          } else {
            assertTrue(label.codePoints().filter(Character::isLetter)
                .allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN),
                list + "/" + code + " in " + lang + " is not Latin: " + label);
          }
        }
      }
    }
  }

  @Test
  void everyMessageExistsInEveryLanguage() throws Exception {
    Mappings m = MetadataFixtures.mappings();
    for (String lang : LANGUAGES) {
      for (CanonicalFields.Field f : CanonicalFields.input()) {
        assertNotEquals("field." + f.key(), m.messages().fieldLabel(lang, f.key()), lang);
      }
      assertNotEquals("rule.required", m.messages().text(lang, "rule.required"));
    }
    assertEquals("'x' није дозвољено; изаберите једно од: a.", m.messages().text("sr-Cyrl", "rule.unknown-code", "x", "a"));
  }

  @Test
  void aMissingLabelIsAConfigurationErrorNamingFileKeyAndFix(@TempDir Path dir) throws Exception {
    MetadataFixtures.copyOfConfig(dir);
    Path file = dir.resolve("mappings/codelists/urgency.yaml");
    Files.writeString(file, Files.readString(file).replaceFirst("\n      mk: \"[^\"]*\"", ""));
    GatewayException e = assertThrows(GatewayException.class, () -> Mappings.load(dir));
    assertEquals(ReasonCode.CONFIG_INVALID, e.reason());
    assertTrue(e.getMessage().contains("urgency.yaml: codes[0].labels.mk is missing: code 'normal' has no label in mk"),
        e.getMessage());
  }

  @Test
  void aMissingMessageIsAConfigurationError(@TempDir Path dir) throws Exception {
    MetadataFixtures.copyOfConfig(dir);
    Path file = dir.resolve("mappings/messages/nl.yaml");
    Files.writeString(file, Files.readString(file).replaceFirst("\n  rule.date: \"[^\"]*\"", ""));
    GatewayException e = assertThrows(GatewayException.class, () -> Mappings.load(dir));
    assertTrue(e.getMessage().contains("nl.yaml: messages.rule.date is missing"), e.getMessage());
  }
}
