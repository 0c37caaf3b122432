package eu.mlagw.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md names a file that exists, and every {@code #anchor}
 * a heading of that page (anchors as GitHub makes them from headings). Links to the web are not
 * fetched.
 */
class ManualLinksTest {
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkAndAnchorResolves() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : Manual.pages()) {
      Matcher m = LINK.matcher(Manual.prose(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(Manual.ROOT.relativize(page) + ": " + target + " (no file " + Manual.ROOT.relativize(resolved) + ")");
        } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(Manual.ROOT.relativize(page) + ": " + target + " (no such heading; headings give "
              + anchors(resolved) + ")");
        }
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(checked > 20, "the manual links its pages to each other: " + checked);
  }

  @Test
  void anchorsAreMadeAsGitHubMakesThem() {
    assertEquals("configuration---config-dir-default-config", slug("Configuration (`--config DIR`, default `config/`)"));
    assertEquals("mlagw-audit-proof-and-verify-proof-proving-one-exchange-to-a-court",
        slug("`mlagw audit proof` and `verify-proof`: proving one exchange to a court"));
  }

  /** The anchors of a Markdown page's headings (outside fenced blocks); duplicates get -1, -2 … */
  static Set<String> anchors(Path page) {
    Set<String> anchors = new HashSet<>();
    if (!page.toString().endsWith(".md")) {
      return anchors;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (String line : Manual.read(page).replaceAll("(?ms)^\\s*```.*?^\\s*```", "").split("\n")) {
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        String s = slug(h.group(1));
        int n = seen.merge(s, 1, Integer::sum);
        anchors.add(n == 1 ? s : s + "-" + (n - 1));
      }
    }
    return anchors;
  }

  /** GitHub's heading anchor: lower case, punctuation other than - and _ removed, spaces to -. */
  static String slug(String heading) {
    String text = heading.replace("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{Nd}\\p{Mn}_\\- ]", "").replace(' ', '-');
  }
}
