package eu.mlagw.metadata;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.List;

/**
 * A request with missing or wrong fields (reason REQUEST_INVALID). The message is the complete,
 * localized text for {@code failed/.../error.txt}; {@link #problems()} are the same problems as data.
 */
public final class RequestInvalidException extends GatewayException {
  private final transient List<FieldProblem> problems;
  private final String language;

  public RequestInvalidException(List<FieldProblem> problems, String language, String text) {
    super(ReasonCode.REQUEST_INVALID, text);
    this.problems = List.copyOf(problems);
    this.language = language;
  }

  public List<FieldProblem> problems() {
    return problems;
  }

  /**
   * The same problems for the operator's log, in English: how many, then each field path and rule
   * key ({@code urgency (unknown-code)}). No value read from the request appears in it.
   */
  public String operatorSummary() {
    StringBuilder s = new StringBuilder("the request has ").append(problems.size())
        .append(" problem(s), explained to the sender in error.txt of its failed/ folder (language ").append(language)
        .append("):");
    for (FieldProblem p : problems) {
      s.append(' ').append(p.field()).append(" (").append(p.rule()).append(')').append(',');
    }
    s.setLength(s.length() - 1);
    return s.toString();
  }

  /** The language the message is written in (the prosecutor's). */
  public String language() {
    return language;
  }
}
