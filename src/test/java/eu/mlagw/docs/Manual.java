package eu.mlagw.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The manual as files: README.md and docs/*.md, read from the project folder (the working directory
 * of the tests), and the fenced code blocks in them with the {@code <!-- recipe: ... -->} directive
 * written on the line before a block, if any.
 */
final class Manual {
  static final Path ROOT = Path.of("").toAbsolutePath();

  /** One fenced block: its file, the line of its opening fence (1-based), info string, text, directive. */
  record Block(Path file, int line, String lang, String text, String directive) {
    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+)\\s*(\\S*).*$");
  private static final Pattern DIRECTIVE = Pattern.compile("^\\s*<!--\\s*recipe:\\s*(.*?)\\s*-->\\s*$");

  private Manual() {}

  /** README.md first, then docs/*.md in name order. */
  static List<Path> pages() {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  static String read(Path page) {
    try {
      return Files.readString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced block of a page, in order; the fence's indentation is removed from its lines. */
  static List<Block> blocks(Path page) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = read(page).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher open = FENCE.matcher(lines[i]);
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      String fence = open.group(2);
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      while (j < lines.length && !lines[j].strip().equals(fence)) {
        String l = lines[j];
        text.append(l.startsWith(indent) ? l.substring(indent.length()) : l.stripLeading()).append('\n');
        j++;
      }
      if (j == lines.length) {
        throw new IllegalStateException(page + ":" + (i + 1) + ": a fenced block is never closed");
      }
      blocks.add(new Block(page, i + 1, open.group(3), text.toString(), directiveBefore(lines, i)));
      i = j;
    }
    return blocks;
  }

  /** The directive on the nearest non-blank line before line {@code i}, or null. */
  private static String directiveBefore(String[] lines, int i) {
    for (int k = i - 1; k >= 0; k--) {
      if (lines[k].isBlank()) {
        continue;
      }
      Matcher m = DIRECTIVE.matcher(lines[k]);
      return m.matches() ? m.group(1) : null;
    }
    return null;
  }

  /** The page's text with fenced blocks and inline code spans blanked out (for link checking). */
  static String prose(Path page) {
    StringBuilder out = new StringBuilder();
    boolean inFence = false;
    String fence = null;
    for (String line : read(page).split("\n", -1)) {
      Matcher m = FENCE.matcher(line);
      if (!inFence && m.matches()) {
        inFence = true;
        fence = m.group(2);
      } else if (inFence && line.strip().equals(fence)) {
        inFence = false;
      } else if (!inFence) {
        out.append(line.replaceAll("`[^`]*`", "``"));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
