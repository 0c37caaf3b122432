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

  /** The language the message is written in (the prosecutor's). */
  public String language() {
    return language;
  }
}
