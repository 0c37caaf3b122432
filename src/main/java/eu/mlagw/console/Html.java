package eu.mlagw.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The console's HTML building: every text that reaches a page goes through {@link #text} (or
 * {@link #attr}) and is escaped, so nothing read from a file, the audit log or a request can add
 * markup or script. A page is a {@link StringBuilder} the helpers append to. Not thread-safe (one per request).
 */
final class Html {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  private final StringBuilder out = new StringBuilder(8192);

  /** Escapes {@code s} for element content and quoted attribute values (null: empty). */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code s} for a URL path segment or query value. */
  static String url(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  /** Appends trusted markup written in this package (never data). */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends {@code s}, escaped. */
  Html text(String s) {
    out.append(escape(s));
    return this;
  }

  /** Appends {@code <tag>text</tag>} with {@code text} escaped. */
  Html el(String tag, String text) {
    out.append('<').append(tag).append('>').append(escape(text)).append("</").append(tag).append('>');
    return this;
  }

  /** Appends a link; {@code href} must be built by this package (its data parts through {@link #url}). */
  Html link(String href, String text) {
    out.append("<a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a>");
    return this;
  }

  Html attr(String name, String value) {
    out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
