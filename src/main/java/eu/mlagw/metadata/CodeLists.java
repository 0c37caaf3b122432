package eu.mlagw.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The code lists of {@code config/mappings/codelists/}: list name → code → language → label.
 * Loaded and checked by {@link Mappings#load}: every code has a label in every configured language.
 * Immutable and thread-safe.
 */
public final class CodeLists {
  private final Map<String, Map<String, Map<String, String>>> lists;

  CodeLists(Map<String, Map<String, Map<String, String>>> lists) {
    this.lists = lists;
  }

  public List<String> names() {
    return List.copyOf(lists.keySet());
  }

  /** The codes of a list in file order; empty for an unknown list. */
  public List<String> codes(String list) {
    return List.copyOf(lists.getOrDefault(list, Map.of()).keySet());
  }

  public boolean contains(String list, String code) {
    return lists.getOrDefault(list, Map.of()).containsKey(code);
  }

  /** The label of a code in a language; falls back to the code itself for an unknown code or language. */
  public String label(String list, String code, String language) {
    return Optional.ofNullable(lists.getOrDefault(list, Map.of()).get(code)).map(m -> m.get(language)).orElse(code);
  }

  /** "code (label), …" in a language, for error messages that list the allowed values. */
  public String describe(String list, String language) {
    StringBuilder b = new StringBuilder();
    for (String code : codes(list)) {
      b.append(b.length() == 0 ? "" : ", ").append(code).append(" (").append(label(list, code, language)).append(')');
    }
    return b.toString();
  }
}
