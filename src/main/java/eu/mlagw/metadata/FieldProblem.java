package eu.mlagw.metadata;

import java.util.List;

/**
 * One problem with one field of a request: the field path ({@code urgency}, {@code persons[1].name}),
 * a rule key of the messages files ({@code required}, {@code unknown-code}, {@code date} …) and the
 * arguments of that message. Rendered in the prosecutor's language by {@link ProblemText}.
 */
public record FieldProblem(String field, String rule, List<String> args) {
  public FieldProblem {
    args = List.copyOf(args);
  }

  public static FieldProblem of(String field, String rule, String... args) {
    return new FieldProblem(field, rule, List.of(args));
  }

  /** The field key without indexes, e.g. persons[1].name → persons.name (for the label). */
  public String fieldKey() {
    return field.replaceAll("\\[\\d+]", "");
  }
}
