package eu.mlagw.metadata;

import java.util.Locale;

/**
 * A person's name as written ({@code original}, any script) and in Latin, Cyrillic and ASCII
 * forms, so that the person is found however the name was typed. Made by {@link NameTransliterator}.
 */
public record NameForms(String original, String latin, String cyrillic, String ascii) {

  /**
   * True if {@code typed} denotes this name in any script or spelling the gateway knows: it is
   * folded to lower-case ASCII (after transliteration) and compared word-for-word with the ASCII
   * form, also where the typed text omits diacritics ("Djordje", "Dordje" and "Ђорђе" all match
   * "Đorđe"). Matching is on whole words, in any order.
   */
  public boolean matches(String typed, NameTransliterator transliterator) {
    String query = fold(transliterator.forms(typed).ascii());
    String mine = fold(ascii);
    String loose = " " + mine.replace("dj", "d") + " ";
    for (String word : query.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!(" " + mine + " ").contains(" " + word + " ") && !loose.contains(" " + word.replace("dj", "d") + " ")) {
        return false;
      }
    }
    return !query.isBlank();
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
  }
}
