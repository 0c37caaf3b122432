package eu.mlagw.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.mlagw.error.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every reason code an operator can meet is explained in the IT page's table of reason codes. */
class ReasonCodesDocumentedTest {
  @Test
  void everyReasonCodeIsInTheItPagesTable() {
    String page = Manual.read(Manual.ROOT.resolve("docs/it-staff.md"));
    String table = page.substring(page.indexOf("## Reason codes"));
    table = table.substring(0, table.indexOf("\n\n", table.indexOf("| code | meaning |")));
    List<String> missing = new ArrayList<>();
    for (ReasonCode code : ReasonCode.values()) {
      if (!table.contains("`" + code.name() + "`")) {
        missing.add(code.name());
      }
    }
    assertEquals(List.of(), missing, "reason codes missing from docs/it-staff.md, \"Reason codes\"");
  }
}
