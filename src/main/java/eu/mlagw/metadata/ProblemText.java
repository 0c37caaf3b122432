package eu.mlagw.metadata;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders field problems as the text of {@code failed/.../error.txt} in one language: a heading,
 * one line per problem — the field's label in that language, its key in brackets (what to look for
 * in request.yaml or the form) and what is expected — and a footer.
 */
public final class ProblemText {
  private static final Pattern INDEX = Pattern.compile("^(persons|documents)\\[(\\d+)]\\.?(.*)$");
  private final Messages messages;

  public ProblemText(Messages messages) {
    this.messages = messages;
  }

  public String render(List<FieldProblem> problems, String language) {
    StringBuilder b = new StringBuilder(messages.text(language, "error.heading")).append('\n');
    for (FieldProblem p : problems) {
      b.append("- ").append(label(p.field(), language)).append(" [").append(p.field()).append("]: ")
          .append(messages.text(language, "rule." + p.rule(), p.args().toArray())).append('\n');
    }
    return b.append(messages.text(language, "error.footer")).append('\n').toString();
  }

  /** "Person 2 – Name" for persons[1].name, "Subject" for subject; the key itself for unknown fields. */
  public String label(String field, String language) {
    Matcher m = INDEX.matcher(field);
    if (m.matches()) {
      String group = messages.text(language, m.group(1).equals("persons") ? "form.person" : "form.document",
          Integer.parseInt(m.group(2)) + 1);
      return m.group(3).isEmpty() ? group : group + " – " + known(m.group(1) + "." + m.group(3), language);
    }
    return known(field, language);
  }

  private String known(String key, String language) {
    return CanonicalFields.field(key).isPresent() ? messages.fieldLabel(language, key) : key;
  }
}
