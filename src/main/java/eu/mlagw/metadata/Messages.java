package eu.mlagw.metadata;

import java.util.Map;

/**
 * User-facing texts per language from {@code config/mappings/messages/LANG.yaml}: form labels,
 * error messages for prosecutors, cover sheet and receipt headings. Every language has every key
 * (checked by {@link Mappings#load}). Placeholders {@code {0}}, {@code {1}} … are replaced literally
 * (apostrophes need no escaping). Immutable and thread-safe.
 */
public final class Messages {
  private final Map<String, Map<String, String>> byLanguage;
  private final String fallback;

  Messages(Map<String, Map<String, String>> byLanguage, String fallback) {
    this.byLanguage = byLanguage;
    this.fallback = fallback;
  }

  /** The text for {@code key} in {@code language} (or the fallback language, or the key itself). */
  public String text(String language, String key, Object... args) {
    Map<String, String> m = byLanguage.getOrDefault(language, byLanguage.get(fallback));
    String t = m == null ? null : m.get(key);
    if (t == null) {
      t = byLanguage.getOrDefault(fallback, Map.of()).getOrDefault(key, key);
    }
    for (int i = 0; i < args.length; i++) {
      t = t.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return t;
  }

  /** The label of a canonical field ({@code field.KEY}) in a language. */
  public String fieldLabel(String language, String fieldKey) {
    return text(language, "field." + fieldKey);
  }
}
