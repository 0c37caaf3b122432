package eu.mlagw.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tables of docs/auditors.md ("Evidences") say what {@link RemEvent} does: each event type's REM
 * element and event code, and each reason code's REM event reason (codes not in the table:
 * TechnicalMalfunction).
 */
class RemEventMappingDocumentedTest {
  private static final String SECTION = section();

  private static String section() {
    try {
      String page = Files.readString(Path.of("docs/auditors.md"));
      int start = page.indexOf("## Evidences\n");
      return page.substring(start, page.indexOf("\n## ", start + 1));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyEventTypeIsDocumentedWithItsElementAndEventCode() {
    for (EvidenceType type : EvidenceType.values()) {
      String row = "| " + type.name() + " | `" + RemEvent.of(type).element() + "` | `" + RemEvent.eventCode(type)
          + "` |";
      assertTrue(SECTION.contains(row), "docs/auditors.md lacks the row ending " + row);
    }
  }

  @Test
  void theReasonTableIsWhatTheGatewayWrites() {
    Map<String, String> documented = new HashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \\| `([A-Za-z_]+)` \\|$").matcher(SECTION);
    while (row.find()) {
      for (String code : row.group(1).replace("`", "").split(", ")) {
        documented.put(code, row.group(2));
      }
    }
    assertTrue(documented.size() > 20, "the reason table was not found: " + documented);
    for (ReasonCode code : ReasonCode.values()) {
      String written = RemEvent.reasonUri(code.name()).substring(RemEvent.REASON_PREFIX.length());
      assertEquals(documented.getOrDefault(code.name(), "TechnicalMalfunction"), written, code.name());
    }
  }
}
