package eu.mlagw.metadata;

import com.ibm.icu.text.Transliterator;
import java.util.Objects;

/**
 * Latin, Cyrillic and ASCII forms of personal names, with the rules of the region (ICU4J rule sets):
 * <ul>
 *   <li>Cyrillic → Latin: Serbian (Љ→Lj, Њ→Nj, Џ→Dž, Ђ→Đ, Ћ→Ć) and Macedonian (Ѓ→Gj, Ќ→Kj, Ѕ→Dz)
 *       letters; other Cyrillic letters by ICU's generic Cyrillic-Latin.</li>
 *   <li>Latin → Cyrillic: Serbian rules (lj→љ, nj→њ, dž→џ, đ→ђ, ć→ћ …); for Albanian names
 *       ({@code lang} "sq") the Albanian digraphs (xh→џ, sh→ш, zh→ж, gj→ђ, ll→л, rr→р, dh→д, th→т,
 *       ç→ч, q→ћ, ë→е, y→и); for Macedonian ({@code lang} "mk") gj→ѓ, kj→ќ, dz→ѕ.</li>
 *   <li>ASCII: Đ→Dj, đ→dj, then ICU Latin-ASCII (Č, Ć→C, Ž→Z, Š→S, Ë→E, Ç→C …).</li>
 * </ul>
 * Known limit: Serbian Latin → Cyrillic cannot see morpheme borders, so "dž" across a prefix
 * (nadživeti → надживети, not наџивети) and "nj" in loan words (injekcija) come out wrong; names rarely
 * have them, and the original spelling is always kept. Instances are immutable and thread-safe.
 */
public final class NameTransliterator {
  private static final String TO_LATIN_RULES = String.join("\n",
      ":: NFC;",
      "Љ } [:Lu:] → LJ;", "Њ } [:Lu:] → NJ;", "Џ } [:Lu:] → DŽ;", "Ѓ } [:Lu:] → GJ;", "Ќ } [:Lu:] → KJ;",
      "Ѕ } [:Lu:] → DZ;",
      "Љ → Lj;", "Њ → Nj;", "Џ → Dž;", "Ѓ → Gj;", "Ќ → Kj;", "Ѕ → Dz;",
      "љ → lj;", "њ → nj;", "џ → dž;", "ѓ → gj;", "ќ → kj;", "ѕ → dz;",
      "А → A;", "Б → B;", "В → V;", "Г → G;", "Д → D;", "Ђ → Đ;", "Е → E;", "Ж → Ž;", "З → Z;", "И → I;",
      "Ј → J;", "К → K;", "Л → L;", "М → M;", "Н → N;", "О → O;", "П → P;", "Р → R;", "С → S;", "Т → T;",
      "Ћ → Ć;", "У → U;", "Ф → F;", "Х → H;", "Ц → C;", "Ч → Č;", "Ш → Š;",
      "а → a;", "б → b;", "в → v;", "г → g;", "д → d;", "ђ → đ;", "е → e;", "ж → ž;", "з → z;", "и → i;",
      "ј → j;", "к → k;", "л → l;", "м → m;", "н → n;", "о → o;", "п → p;", "р → r;", "с → s;", "т → t;",
      "ћ → ć;", "у → u;", "ф → f;", "х → h;", "ц → c;", "ч → č;", "ш → š;",
      ":: Cyrillic-Latin;", ":: NFC;");
  private static final String SERBIAN_TO_CYRILLIC = String.join("\n",
      ":: NFC;",
      "LJ → Љ;", "Lj → Љ;", "lj → љ;", "NJ → Њ;", "Nj → Њ;", "nj → њ;", "DŽ → Џ;", "Dž → Џ;", "dž → џ;",
      "%EXTRA%",
      "A → А;", "B → Б;", "V → В;", "G → Г;", "D → Д;", "Đ → Ђ;", "E → Е;", "Ž → Ж;", "Z → З;", "I → И;",
      "J → Ј;", "K → К;", "L → Л;", "M → М;", "N → Н;", "O → О;", "P → П;", "R → Р;", "S → С;", "T → Т;",
      "Ć → Ћ;", "U → У;", "F → Ф;", "H → Х;", "C → Ц;", "Č → Ч;", "Š → Ш;",
      "a → а;", "b → б;", "v → в;", "g → г;", "d → д;", "đ → ђ;", "e → е;", "ž → ж;", "z → з;", "i → и;",
      "j → ј;", "k → к;", "l → л;", "m → м;", "n → н;", "o → о;", "p → п;", "r → р;", "s → с;", "t → т;",
      "ć → ћ;", "u → у;", "f → ф;", "h → х;", "c → ц;", "č → ч;", "š → ш;",
      "%FOREIGN%",
      "W → В;", "w → в;", "Ë → Е;", "ë → е;", "Ç → Ч;", "ç → ч;", "Ü → И;", "ü → и;", "Ö → Е;", "ö → е;", "Ä → Е;", "ä → е;");
  private static final String FOREIGN = String.join("\n",
      "Q → К;", "q → к;", "X → Кс;", "x → кс;", "Y → И;", "y → и;");
  private static final String ALBANIAN_EXTRA = String.join("\n",
      "XH → Џ;", "Xh → Џ;", "xh → џ;", "SH → Ш;", "Sh → Ш;", "sh → ш;", "ZH → Ж;", "Zh → Ж;", "zh → ж;",
      "GJ → Ђ;", "Gj → Ђ;", "gj → ђ;", "DH → Д;", "Dh → Д;", "dh → д;", "TH → Т;", "Th → Т;", "th → т;",
      "LL → Л;", "Ll → Л;", "ll → л;", "RR → Р;", "Rr → Р;", "rr → р;", "Q → Ћ;", "q → ћ;",
      "X → Дз;", "x → дз;", "Y → И;", "y → и;");
  private static final String MACEDONIAN_EXTRA = String.join("\n",
      "GJ → Ѓ;", "Gj → Ѓ;", "gj → ѓ;", "KJ → Ќ;", "Kj → Ќ;", "kj → ќ;", "DZ → Ѕ;", "Dz → Ѕ;", "dz → ѕ;");
  private static final String ASCII_RULES = String.join("\n",
      ":: NFC;", "Đ } [:Ll:] → Dj;", "Đ → DJ;", "đ → dj;", "Ð → D;", ":: Latin-ASCII;", ":: Any-ASCII;");

  private final Transliterator toLatin = Transliterator.createFromRules("mlagw-Cyrl-Latn", TO_LATIN_RULES,
      Transliterator.FORWARD);
  private final Transliterator serbianToCyrillic = cyrillic("", FOREIGN);
  private final Transliterator albanianToCyrillic = cyrillic(ALBANIAN_EXTRA, "");
  private final Transliterator macedonianToCyrillic = cyrillic(MACEDONIAN_EXTRA, FOREIGN);
  private final Transliterator anyToLatin = Transliterator.getInstance("Any-Latin; NFC");
  private final Transliterator toAscii = Transliterator.createFromRules("mlagw-Latn-ASCII", ASCII_RULES,
      Transliterator.FORWARD);

  private static Transliterator cyrillic(String extra, String foreign) {
    return Transliterator.createFromRules("mlagw-Latn-Cyrl", SERBIAN_TO_CYRILLIC.replace("%EXTRA%", extra)
        .replace("%FOREIGN%", foreign), Transliterator.FORWARD);
  }

  /** All forms of a name written in any script; Latin names are read with Serbian rules. */
  public NameForms forms(String name) {
    return forms(name, null);
  }

  /**
   * All forms of a name. {@code lang} (nullable) is the language the name's Latin spelling follows:
   * "sq" applies Albanian digraphs, "mk" Macedonian ones, anything else Serbian/Croatian/Bosnian.
   * Surrounding white space is removed and inner runs collapse to one space; the original is
   * otherwise kept exactly (in NFC).
   */
  public NameForms forms(String name, String lang) {
    String original = java.text.Normalizer.normalize(Objects.requireNonNull(name, "name").strip()
        .replaceAll("\\s+", " "), java.text.Normalizer.Form.NFC);
    String latin;
    String cyrillic;
    if (original.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC)) {
      cyrillic = original;
      latin = toLatin.transliterate(original);
    } else {
      latin = original.codePoints().allMatch(c -> c < 0x80 || Character.UnicodeScript.of(c)
          == Character.UnicodeScript.LATIN || !Character.isLetter(c)) ? original : anyToLatin.transliterate(original);
      Transliterator t = "sq".equals(lang) ? albanianToCyrillic
          : "mk".equals(lang) ? macedonianToCyrillic : serbianToCyrillic;
      cyrillic = t.transliterate(latin);
    }
    return new NameForms(original, latin, cyrillic, toAscii.transliterate(latin));
  }

  /** Serbian/Macedonian Cyrillic (and other Cyrillic) to Latin, e.g. "Ђорђе" → "Đorđe". */
  public String toLatin(String text) {
    return toLatin.transliterate(text);
  }

  /** Latin (with diacritics) to ASCII, e.g. "Đorđe Šćekić" → "Djordje Scekic". */
  public String toAscii(String latin) {
    return toAscii.transliterate(latin);
  }
}
