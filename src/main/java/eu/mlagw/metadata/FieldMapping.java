package eu.mlagw.metadata;

import java.util.Map;

/**
 * One line of a profile: write canonical {@code source} to {@code target} through {@code transform}.
 * Paths are dot-separated; {@code []} marks a repeated item (persons[].name.latin); in XML profiles a
 * segment {@code @name} is an attribute. {@code map} is only for {@link Transform#CODE_MAP}.
 */
public record FieldMapping(String target, String source, boolean required, Transform transform,
    Map<String, String> map) {

  /** How a canonical value becomes a target value. */
  public enum Transform {
    /** Copied unchanged (a code stays a code). Reversible. */
    VALUE("value"),
    /** A code (or list of codes) as code plus label in the recipient's language. Reversible (by code). */
    CODE_LABEL("code-label"),
    /** A code replaced by the recipient's own code from {@code map} (e.g. agency handling codes). Reversible. */
    CODE_MAP("code-map"),
    /** An ISO-8601 date (YYYY-MM-DD). Reversible. */
    DATE("date"),
    /** Free text unchanged, marked with its language. Reversible. */
    TEXT_WITH_LANG("text-with-lang"),
    /** A name in Latin script (derived; ignored when reading back). */
    TRANSLITERATE_LATIN("transliterate-latin"),
    /** A name in Cyrillic script (derived; ignored when reading back). */
    TRANSLITERATE_CYRILLIC("transliterate-cyrillic"),
    /** A name in ASCII (derived; ignored when reading back). */
    TRANSLITERATE_ASCII("transliterate-ascii");

    private final String key;

    Transform(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    public boolean reversible() {
      return !key.startsWith("transliterate");
    }

    static Transform of(String key) {
      for (Transform t : values()) {
        if (t.key.equals(key)) {
          return t;
        }
      }
      return null;
    }
  }
}
