package eu.mlagw.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A YAML syntax error as an operator reads it: {@code FILE:LINE:COLUMN: what the parser found},
 * the problem lines of the parser's message without its excerpt of the file (which would echo the
 * file's content into the message). Works for Jackson's YAML errors and for any exception chain
 * whose message names "line N, column M" (the Camel YAML DSL's SnakeYAML errors).
 */
public final class YamlErrors {
  private static final Pattern LINE_COLUMN = Pattern.compile("line (\\d+), column (\\d+)");

  private YamlErrors() {}

  /** {@code FILE:LINE:COLUMN: problem}, or {@code FILE: problem} when the error names no position. */
  public static String describe(Path file, Throwable error) {
    String position = "";
    String problem = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
      if (message == null) {
        continue;
      }
      JsonLocation location = t instanceof JsonProcessingException j ? j.getLocation() : null;
      Matcher m = LINE_COLUMN.matcher(message);
      if (location != null && location.getLineNr() > 0) {
        position = ":" + location.getLineNr() + ":" + location.getColumnNr();
        problem = problemLines(message);
      } else if (m.find()) {
        position = ":" + m.group(1) + ":" + m.group(2);
        problem = problemLines(message);
      } else if (problem == null) {
        problem = problemLines(message);
      }
    }
    return file + position + ": " + (problem == null || problem.isEmpty() ? "not valid YAML" : problem);
  }

  /** The parser's own words: lines that are not indented (indented ones quote the file or say where). */
  private static String problemLines(String message) {
    return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .collect(Collectors.joining("; "));
  }
}
