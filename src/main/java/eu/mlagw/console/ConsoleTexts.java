package eu.mlagw.console;

import eu.mlagw.metadata.Messages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's words in one language, from the message bundles ({@code console.*} keys of
 * config/mappings/messages/LANG.yaml). The language is the one chosen in the session (the switch in
 * every page's header), else the browser's first Accept-Language the console speaks, else English.
 * Messages from the gateway (reasons, errors) stay as the gateway wrote them. Immutable.
 */
final class ConsoleTexts {
  /** The console's languages, with their names in themselves (for the switch). */
  static final Map<String, String> LANGUAGES = new LinkedHashMap<>();

  static {
    LANGUAGES.put("en", "English");
    LANGUAGES.put("sq", "Shqip");
    LANGUAGES.put("sr-Latn", "Srpski (latinica)");
    LANGUAGES.put("sr-Cyrl", "Српски (ћирилица)");
    LANGUAGES.put("mk", "Македонски");
    LANGUAGES.put("bs", "Bosanski");
    LANGUAGES.put("hr", "Hrvatski");
    LANGUAGES.put("sl", "Slovenščina");
  }

  private final Messages messages;
  final String language;

  ConsoleTexts(Messages messages, String language) {
    this.messages = messages;
    this.language = language;
  }

  /** The text of {@code console.KEY} in this language. */
  String t(String key) {
    return messages.text(language, "console." + key);
  }

  /** The console language for an Accept-Language header (null or unparseable: English). */
  static String fromAcceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 500) {
      return "en";
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(header);
    } catch (IllegalArgumentException e) {
      return "en";
    }
    for (Locale.LanguageRange r : ranges) {
      String tag = r.getRange().toLowerCase(Locale.ROOT);
      String primary = tag.split("-")[0];
      if (tag.startsWith("sr-latn") || tag.equals("sh")) {
        return "sr-Latn";
      }
      if (primary.equals("sr")) {
        return "sr-Cyrl"; // Serbian without a script: Cyrillic, the official script
      }
      for (String lang : LANGUAGES.keySet()) {
        if (lang.equals(primary)) {
          return lang;
        }
      }
    }
    return "en";
  }
}
