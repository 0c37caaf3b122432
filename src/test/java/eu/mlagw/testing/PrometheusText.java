package eu.mlagw.testing;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of a Prometheus text exposition, as a scraper would. */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PrometheusText() {}

  /**
   * The sum of the samples of {@code name} whose labels include every entry of {@code labels};
   * 0 when there is none (a counter not incremented yet is not exposed).
   */
  public static double sum(String text, String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line.strip());
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> found = new java.util.HashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          found.put(l.group(1), l.group(2));
        }
      }
      if (found.entrySet().containsAll(labels.entrySet())) {
        sum += Double.parseDouble(m.group(4));
      }
    }
    return sum;
  }

  /** Whether any sample of {@code name} is exposed. */
  public static boolean has(String text, String name) {
    return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
  }
}
